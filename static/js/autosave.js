// Autosave of an application step's text (programs): <form data-autosave-url="…"> with fields
// marked data-autosave and a status line [data-autosave-status] (aria-live). The text is posted
// a few seconds after typing stops, and when the page is hidden or closed (sendBeacon), so
// closing the tab loses nothing. Without JavaScript the 임시 저장 button saves the same fields.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form) { return; }
  var url = form.dataset.autosaveUrl;
  var fields = form.querySelectorAll("[data-autosave]");
  var status = document.querySelector("[data-autosave-status]");
  var DELAY = 3000;
  var timer = null;
  var dirty = false;

  function show(text) { if (status && text) { status.textContent = text; } }

  function payload() {
    var data = new FormData();
    // The CSRF token travels in the body: sendBeacon cannot set an X-CSRFToken header.
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    fields.forEach(function (field) { data.append(field.name, field.value); });
    return data;
  }

  function save() {
    timer = null;
    if (!dirty) { return; }
    dirty = false;
    fetch(url, { method: "POST", body: payload(), credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().catch(function () { return null; }).then(function (body) {
          if (response.ok && body) { show(body.message); }
          else { show(body && body.error ? body.error.message : status && status.dataset.failed); }
        });
      })
      .catch(function () {
        // Offline for a moment: keep the text marked unsaved and try again.
        dirty = true;
        show(status && status.dataset.failed);
        schedule();
      });
  }

  function schedule() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, DELAY);
  }

  function flush() {
    if (!dirty) { return; }
    dirty = false;
    if (timer) { clearTimeout(timer); timer = null; }
    navigator.sendBeacon(url, payload());
  }

  fields.forEach(function (field) {
    field.addEventListener("input", function () { dirty = true; schedule(); });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flush(); }
  });
  window.addEventListener("pagehide", flush);
  // The form's own buttons save the same text: no autosave racing them.
  form.addEventListener("submit", function () {
    dirty = false;
    if (timer) { clearTimeout(timer); timer = null; }
  });
})();
