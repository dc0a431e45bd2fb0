/* Inline checks on the entry form as the filler types: the same checks the server makes
   (monitoring/rules.py: not_a_number, too_large, too_precise, non_negative, unit_range, whole_count);
   the server stays the judge, this only saves a round trip.
   Each input carries its unit's bounds (lib/units.py) as data-low, data-high and data-whole, and the
   messages are the server's own, in the page's language: the form's data-msg-* attributes
   (web/work/entry.html) hold them with {placeholders}. The script knows no unit and no word. */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;   // what Decimal() reads, once , ， and spaces are gone
  var DIGITS = Number(form.getAttribute("data-digits")), PLACES = Number(form.getAttribute("data-places"));

  function say(name, params) {
    var text = form.getAttribute("data-msg-" + name) || "";
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in params ? String(params[k]) : m; });
  }
  function decimals(text) {   // decimals written, trailing zeros not counted (as Decimal.normalize)
    var m = /^[+-]?\d*\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(text);
    var frac = m ? m[1].replace(/0+$/, "") : "";
    return Math.max(0, frac.length - (m && m[2] ? Number(m[2]) : 0));
  }
  function bound(input, name) {
    var raw = input.getAttribute("data-" + name);
    return raw === null || raw === "" ? null : Number(raw);
  }
  function check(input) {
    var raw = input.value.trim(), unit = input.getAttribute("data-unit") || "";
    var text = raw.replace(/[,，\s]/g, "");
    if (!raw) return "";
    if (!NUMBER.test(text)) return say("not-a-number", { text: raw });
    var v = Number(text), shown = String(v), low = bound(input, "low"), high = bound(input, "high");
    if (!isFinite(v) || Math.abs(v) >= Math.pow(10, DIGITS)) return say("too-large", { value: raw, digits: DIGITS });
    if (decimals(text) > PLACES) return say("too-precise", { value: raw, places: PLACES });
    if (low === 0 && v < 0) return say("non-negative", { value: shown });
    if ((low !== null && v < low) || (high !== null && v > high)) {
      return say("range", { unit: unit, low: low, high: high, value: shown });
    }
    if (input.hasAttribute("data-whole") && Math.floor(v) !== v) return say("whole-count", { unit: unit, value: shown });
    return "";
  }
  form.querySelectorAll("table.entry input[name^='v-']").forEach(function (input) {
    var msg = document.createElement("div");
    msg.className = "field-error js-check"; msg.setAttribute("role", "alert");
    input.parentNode.appendChild(msg);
    input.addEventListener("input", function () {
      var problem = check(input);
      msg.textContent = problem;
      input.setAttribute("aria-invalid", problem ? "true" : "false");
    });
  });
})();
