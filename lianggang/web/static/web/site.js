/* lianggang: behaviour every page shares (served by the application, no CDN).
 * - data-confirm on a form or a submit button: the browser's own confirm dialog before sending;
 *   the sentence comes from the template (translated there), this file writes no words.
 * - data-check-all="NAME" on a checkbox: ticks every enabled checkbox named NAME.
 * - data-autosubmit on a select: sends its form when the choice changes (the page's CSP allows no inline handler).
 * - data-print on a button: opens the browser's print dialog. */
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
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
