/* Inline checks on the entry form as the filler types: the same checks the server makes
   (monitoring/rules.py: not_a_number, percent_range, permille_range, non_negative, whole_count);
   the server stays the judge, this only saves a round trip.
   The messages are the server's own, in the page's language: the form's data-msg-* attributes
   (web/work/entry.html) hold them with {text}, {value} and {unit} placeholders. */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  // Units as rules.py names them (tests/web/test_js_text.py keeps these lists equal to its sets).
  var RANGES = { "%": [0, 100, "percent"], "‰": [0, 1000, "permille"] };
  var COUNT_UNITS = ["人", "个", "所", "家", "次", "件", "户", "名", "例", "张", "人次", "万人"];
  var WHOLE_COUNT_UNITS = ["人", "个", "所", "家", "次", "件", "户", "名", "例", "张", "人次"];
  var NON_NEGATIVE_UNITS = ["1/10万", "1/万"];
  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;   // what Decimal() reads, once , ， and spaces are gone

  function say(name, params) {
    var text = form.getAttribute("data-msg-" + name) || "";
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in params ? String(params[k]) : m; });
  }
  function check(input) {
    var raw = input.value.trim(), unit = input.getAttribute("data-unit") || "";
    var text = raw.replace(/[,，\s]/g, "");
    if (!raw) return "";
    if (!NUMBER.test(text)) return say("not-a-number", { text: raw });
    var v = Number(text), shown = String(v), r = RANGES[unit];
    if (r && (v < r[0] || v > r[1])) return say(r[2], { value: shown });
    if ((NON_NEGATIVE_UNITS.indexOf(unit) >= 0 || COUNT_UNITS.indexOf(unit) >= 0) && v < 0) {
      return say("non-negative", { value: shown });
    }
    if (WHOLE_COUNT_UNITS.indexOf(unit) >= 0 && Math.floor(v) !== v) return say("whole-count", { unit: unit, value: shown });
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
