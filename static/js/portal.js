// Portal behaviour written here (no CDN): mobile menu and background-job progress.
(function () {
  "use strict";
  var toggle = document.querySelector(".nav-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var nav = document.getElementById("site-nav");
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // <div data-job-url="/jobs/12" data-done-reload="1"><progress></progress><span class="job-message"></span></div>
  document.querySelectorAll("[data-job-url]").forEach(function (box) {
    var bar = box.querySelector("progress");
    var text = box.querySelector(".job-message");
    function poll() {
      fetch(box.dataset.jobUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          if (bar) { bar.value = job.progress; }
          if (text) { text.textContent = job.status_label + " " + job.progress + "% " + (job.message || ""); }
          box.dataset.status = job.status;
          if (job.status === "queued" || job.status === "running") { setTimeout(poll, 1000); }
          else if (job.status === "succeeded" && box.dataset.doneReload) { window.location.reload(); }
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    poll();
  });
})();
