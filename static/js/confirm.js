// Irreversible steps ask first. A button made by {% confirm_button %} carries data-confirm (what
// will happen), data-confirm-label and its step's own name/value; without JavaScript it posts
// the form to the confirmation page (formaction). Here it opens a KRDS modal instead and, once
// confirmed, posts the form to its own action with the step's name=value. The server still
// checks everything; this only asks.
(function () {
  "use strict";
  var modal = null;
  var opener = null;
  var pendingForm = null;
  var pendingButton = null;

  function build() {
    var root = document.createElement("div");
    root.className = "krds-modal confirm-modal";
    root.hidden = true;
    root.innerHTML =
      '<div class="modal-back"></div>' +
      '<div class="modal-dialog" role="dialog" aria-modal="true" aria-labelledby="confirm-modal-title"' +
      ' aria-describedby="confirm-modal-message" data-testid="confirm-modal">' +
      '<h2 id="confirm-modal-title" class="modal-title"></h2>' +
      '<p id="confirm-modal-message" class="modal-conts"></p>' +
      '<div class="modal-btn actions">' +
      '<button type="button" class="primary" data-confirm-ok></button>' +
      '<button type="button" data-confirm-cancel></button>' +
      "</div></div>";
    var texts = document.documentElement.lang === "en"
      ? { title: "Please confirm", cancel: "Cancel" }
      : { title: "처리 확인", cancel: "취소" };
    root.querySelector(".modal-title").textContent = texts.title;
    root.querySelector("[data-confirm-cancel]").textContent = texts.cancel;
    root.querySelector("[data-confirm-ok]").addEventListener("click", accept);
    root.querySelector("[data-confirm-cancel]").addEventListener("click", close);
    root.querySelector(".modal-back").addEventListener("click", close);
    root.addEventListener("keydown", onKey);
    document.body.appendChild(root);
    return root;
  }

  function focusable() {
    return Array.prototype.slice.call(modal.querySelectorAll("button:not([disabled])"));
  }

  function onKey(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== "Tab") { return; }
    // focus stays inside the dialog: Tab from the last button goes to the first and back
    var items = focusable();
    var first = items[0];
    var last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function setInert(on) {
    Array.prototype.forEach.call(document.body.children, function (child) {
      if (child !== modal && child.tagName !== "SCRIPT") { child.inert = on; }
    });
  }

  function open(button, form) {
    modal = modal || build();
    opener = button;
    pendingForm = form;
    pendingButton = button;
    modal.querySelector(".modal-conts").textContent = button.dataset.confirm;
    modal.querySelector("[data-confirm-ok]").textContent = button.dataset.confirmLabel;
    modal.hidden = false;
    document.documentElement.classList.add("modal-open");
    setInert(true);
    modal.querySelector("[data-confirm-ok]").focus();
  }

  function close() {
    if (!modal || modal.hidden) { return; }
    modal.hidden = true;
    document.documentElement.classList.remove("modal-open");
    setInert(false);
    pendingForm = null;
    pendingButton = null;
    if (opener) { opener.focus(); }
  }

  function accept() {
    var form = pendingForm;
    var button = pendingButton;
    if (!form) { return; }
    if (button.dataset.confirmName) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = button.dataset.confirmName;
      field.value = button.dataset.confirmValue;
      form.appendChild(field);
    }
    modal.querySelector("[data-confirm-ok]").disabled = true;
    // submit() posts to the form's own action and method, not the button's formaction
    HTMLFormElement.prototype.submit.call(form);
  }

  // The submit event comes after the browser's own field checks, so a confirmed form is valid.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || button.dataset.confirm === undefined) { return; }
    event.preventDefault();
    open(button, event.target);
  }, true);
})();
