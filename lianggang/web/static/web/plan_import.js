/* Plan import check: clicking a target scrolls the source pane to its sentence and flashes it. */
(function () {
  "use strict";
  var pane = document.getElementById("source-text");
  if (!pane) return;
  document.querySelectorAll("a.goto").forEach(function (a) {
    a.addEventListener("click", function (event) {
      var mark = document.getElementById(a.getAttribute("href").slice(1));
      if (!mark) return;
      event.preventDefault();
      pane.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
      mark.classList.add("current");
      pane.scrollTop = mark.offsetTop - pane.offsetTop - 40;
    });
  });
})();
