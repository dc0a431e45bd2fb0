// A region or year picked is shown at once (the Content-Security-Policy allows no inline handlers).
document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
