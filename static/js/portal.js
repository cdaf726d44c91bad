// Portal behaviour written here (no CDN): main-menu drop-downs, focus after form errors, scrolling
// tables reachable by keyboard, and background-job progress.
(function () {
  "use strict";
  // The main menu works as plain <details> without JavaScript; this only keeps one group open
  // and closes it on Escape or a click elsewhere, as a drop-down menu should.
  var groups = document.querySelectorAll(".site-nav details");
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (!group.open) { return; }
      groups.forEach(function (other) { if (other !== group) { other.open = false; } });
    });
    group.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && group.open) {
        group.open = false;
        group.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) { if (!group.contains(event.target)) { group.open = false; } });
  });
  // After a form error the page comes back with the messages: focus goes to the first invalid
  // field, so a keyboard or screen-reader user starts where the correction is needed.
  var invalid = document.querySelector("main [aria-invalid='true'], main .has-error input, main .has-error select, main .has-error textarea");
  if (invalid) { invalid.focus(); }
  // A table wider than a phone scrolls inside its .table-wrap (never the page); such a region
  // must be reachable and named for keyboard users (WCAG 2.1.1).
  document.querySelectorAll(".table-wrap").forEach(function (wrap) {
    if (wrap.scrollWidth <= wrap.clientWidth) { return; }
    var table = wrap.querySelector("table");
    var caption = table && table.querySelector("caption");
    var heading = wrap.previousElementSibling;
    var name = caption ? caption.textContent : (heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : "");
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    if (name) { wrap.setAttribute("aria-label", name.trim()); }
  });
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
          // a failure reloads too: the page then shows why and the retry button
          else if (box.dataset.doneReload) { window.location.reload(); }
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    poll();
  });
})();
