// A job's page: while the job runs, fetch its progress partial every second and swap it in
// (the same template the page included); stop when the partial says the job has finished.
(function () {
  "use strict";
  function poll(box) {
    var url = box.getAttribute("data-poll");
    if (!url) return;
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector(".job-progress");
          if (!fresh) return;
          box.replaceWith(fresh);
          poll(fresh);
        })
        .catch(function () { poll(box); });
    }, 1000);
  }
  document.querySelectorAll(".job-progress[data-poll]").forEach(poll);
})();
