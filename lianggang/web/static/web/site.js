/* lianggang: behaviour every page shares (served by the application, no CDN).
 * - data-confirm on a form or a submit button: the browser's own confirm dialog before sending;
 *   the sentence comes from the template (translated there), this file writes no words.
 * - data-check-all="NAME" on a checkbox: ticks every enabled checkbox named NAME. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var text = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (text && !window.confirm(text)) {
      event.preventDefault();
    }
  }, true);
  document.querySelectorAll("[data-check-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll("input[name='" + box.getAttribute("data-check-all") + "']:not(:disabled)")
        .forEach(function (b) { b.checked = box.checked; });
    });
  });
})();
