/* lianggang charts: small SVG line and bar charts drawn from JSON on the page (no library, no CDN).
   <div class="chart" data-chart="trend|bars" data-source="ID"> reads <script id="ID" type="application/json">.
   Hovering or focusing a point shows its value in a tooltip.
   Every word shown comes from the page, in its language (no text is written here): the box's
   data-* attributes hold the template's translated sentences with {name} placeholders —
   data-empty, data-point, data-point-flags, data-target, data-sep (trend), data-empty, data-bar
   (bars) — and each point of the JSON carries its flags' names (flag_labels). */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var W = 640, H = 280, M = { l: 56, r: 16, t: 20, b: 36 };

  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fmt(v) { return (Math.round(v * 100) / 100).toString(); }
  // A value with its unit as the pages write it (lib/units.format_value): 4.9‰, 95%, 12/10万;
  // `suffix` is what the server says follows the number in the page's language.
  function quantity(v, unit, suffix) {
    if (typeof suffix === "string") return fmt(v) + suffix;
    if (unit === "1/10万") return fmt(v) + "/10万";
    return fmt(v) + (unit && unit !== "ratio" ? unit : "");
  }
  // The box's sentence `name` with {placeholders} filled; `fallback` only if a template lacks it.
  function say(box, name, params, fallback) {
    var text = box.getAttribute("data-" + name);
    if (text === null) text = fallback;
    return text.replace(/\{(\w+)\}/g, function (m, k) { return params && k in params ? String(params[k]) : m; });
  }
  function niceRange(lo, hi) {
    if (lo === hi) { lo -= 1; hi += 1; }
    var pad = (hi - lo) * 0.1; return [lo - pad, hi + pad];
  }

  function tooltip(box) {
    var tip = document.createElement("div");
    tip.className = "chart-tip"; tip.hidden = true; box.appendChild(tip);
    return {
      show: function (text, x, y) { tip.textContent = text; tip.hidden = false;
        tip.style.left = (x / W * 100) + "%"; tip.style.top = (y / H * 100) + "%"; },
      hide: function () { tip.hidden = true; }
    };
  }

  function axes(svg, x, y, xTicks, yLo, yHi, unit) {
    svg.appendChild(el("line", { x1: M.l, y1: H - M.b, x2: W - M.r, y2: H - M.b, class: "axis" }));
    svg.appendChild(el("line", { x1: M.l, y1: M.t, x2: M.l, y2: H - M.b, class: "axis" }));
    for (var i = 0; i <= 4; i++) {
      var v = yLo + (yHi - yLo) * i / 4, py = y(v);
      svg.appendChild(el("line", { x1: M.l, y1: py, x2: W - M.r, y2: py, class: "grid" }));
      svg.appendChild(el("text", { x: M.l - 6, y: py + 4, "text-anchor": "end", class: "tick" }, fmt(v)));
    }
    xTicks.forEach(function (t) {
      svg.appendChild(el("text", { x: x(t.at), y: H - M.b + 16, "text-anchor": "middle", class: "tick" }, t.label));
    });
    if (unit) svg.appendChild(el("text", { x: 4, y: M.t - 6, class: "tick" }, unit));
  }

  function point(svg, tip, cx, cy, text, cls) {
    var c = el("circle", { cx: cx, cy: cy, r: 5, class: cls || "pt", tabindex: 0 });
    c.appendChild(el("title", {}, text));
    function on() { tip.show(text, cx, cy); }
    c.addEventListener("mouseenter", on); c.addEventListener("focus", on);
    c.addEventListener("mouseleave", tip.hide); c.addEventListener("blur", tip.hide);
    svg.appendChild(c);
  }

  function trend(box, d) {
    var years = d.series.map(function (p) { return p.year; });
    d.targets.forEach(function (t) { years.push(t.year); });
    d.path.forEach(function (p) { years.push(p.year); });
    if (!d.series.length) { box.textContent = say(box, "empty", null, ""); return; }
    var vals = d.series.map(function (p) { return p.value; })
      .concat(d.targets.map(function (t) { return t.value; }), d.path.map(function (p) { return p.value; }));
    var x0 = Math.min.apply(null, years), x1 = Math.max.apply(null, years);
    if (x0 === x1) { x0 -= 1; x1 += 1; }
    var r = niceRange(Math.min.apply(null, vals), Math.max.apply(null, vals));
    var x = function (v) { return M.l + (v - x0) / (x1 - x0) * (W - M.l - M.r); };
    var y = function (v) { return H - M.b - (v - r[0]) / (r[1] - r[0]) * (H - M.t - M.b); };
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, class: "chart-svg" });
    var ticks = []; for (var yr = x0; yr <= x1; yr++) ticks.push({ at: yr, label: String(yr) });
    axes(svg, x, y, ticks, r[0], r[1], d.unit);
    var tip = tooltip(box);
    if (d.path.length === 2) {
      svg.appendChild(el("line", { x1: x(d.path[0].year), y1: y(d.path[0].value), x2: x(d.path[1].year),
        y2: y(d.path[1].value), class: "path-line" }));
    }
    d.targets.forEach(function (t) {
      svg.appendChild(el("line", { x1: M.l, y1: y(t.value), x2: W - M.r, y2: y(t.value), class: "target-line" }));
      point(svg, tip, x(t.year), y(t.value), say(box, "target", { target: t.label }, "{target}"), "pt-target");
    });
    svg.appendChild(el("polyline", { points: d.series.map(function (p) { return x(p.year) + "," + y(p.value); }).join(" "),
      class: "series" }));
    d.series.forEach(function (p) {
      var labels = p.flag_labels || [], params = { year: p.year, value: quantity(p.value, d.unit, d.suffix),
        flags: labels.join(say(box, "sep", null, ", ")) };
      point(svg, tip, x(p.year), y(p.value), labels.length ? say(box, "point-flags", params, "{year}: {value} ({flags})")
        : say(box, "point", params, "{year}: {value}"));
    });
    box.appendChild(svg);
  }

  function bars(box, d) {
    if (!d.bars.length) { box.textContent = say(box, "empty", null, ""); return; }
    var vals = d.bars.map(function (b) { return b.value; }).concat([0]);
    var r = [Math.min.apply(null, vals), Math.max.apply(null, vals) * 1.1 || 1];
    var n = d.bars.length, slot = (W - M.l - M.r) / n;
    var y = function (v) { return H - M.b - (v - r[0]) / (r[1] - r[0]) * (H - M.t - M.b); };
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, class: "chart-svg" });
    axes(svg, function (i) { return M.l + slot * (i + 0.5); }, y,
      d.bars.map(function (b, i) { return { at: i, label: b.label }; }), r[0], r[1], d.unit);
    var tip = tooltip(box);
    d.bars.forEach(function (b, i) {
      var bx = M.l + slot * i + slot * 0.2, top = y(b.value), text = say(box, "bar", { region: b.label, value: quantity(b.value, d.unit, d.suffix) }, "{region}: {value}");
      var rect = el("rect", { x: bx, y: top, width: slot * 0.6, height: Math.max(0, y(r[0]) - top), class: "bar-rect", tabindex: 0 });
      rect.appendChild(el("title", {}, text));
      rect.addEventListener("mouseenter", function () { tip.show(text, bx + slot * 0.3, top); });
      rect.addEventListener("focus", function () { tip.show(text, bx + slot * 0.3, top); });
      rect.addEventListener("mouseleave", tip.hide); rect.addEventListener("blur", tip.hide);
      svg.appendChild(rect);
    });
    box.appendChild(svg);
  }

  var DRAW = { trend: trend, bars: bars };
  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var source = document.getElementById(box.getAttribute("data-source"));
    var draw = DRAW[box.getAttribute("data-chart")];
    if (source && draw) draw(box, JSON.parse(source.textContent));
  });
})();
