/* Inline checks on the entry form as the filler types: the same unit ranges the server enforces
   (rules.py); the server stays the judge, this only saves a round trip. */
(function () {
  "use strict";
  var RANGES = { "%": [0, 100], "‰": [0, 1000] };
  var WHOLE = ["人", "名", "个", "所", "家", "户", "件", "次", "张"];
  function check(input) {
    var text = input.value.trim().replace(/,/g, ""), unit = input.getAttribute("data-unit") || "";
    if (!text) return "";
    if (!/^-?\d+(\.\d+)?$/.test(text)) return "不是数字，请填写阿拉伯数字（如 12.5）";
    var v = parseFloat(text), r = RANGES[unit];
    if (r && (v < r[0] || v > r[1])) return "超出" + unit + "的取值范围 " + r[0] + "–" + r[1];
    if (v < 0) return "不能为负数";
    if (WHOLE.indexOf(unit) >= 0 && Math.floor(v) !== v) return "人数、个数应为整数";
    return "";
  }
  document.querySelectorAll("table.entry input[name^='v-']").forEach(function (input) {
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
