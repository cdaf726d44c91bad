// <select data-submit-on-pick>: submits its form when an option is picked with the mouse or
// touch, or confirmed with Enter. Arrow keys only move the choice (a keyboard user browsing the
// options must not be sent to another page on every key press); the form's button also submits.
(function () {
  "use strict";
  document.querySelectorAll("select[data-submit-on-pick]").forEach(function (select) {
    var chosen = select.value;
    var byKeyboard = false;
    function submit() {
      if (select.value !== chosen) {
        chosen = select.value;
        select.form.requestSubmit();
      }
    }
    select.addEventListener("pointerdown", function () { byKeyboard = false; });
    select.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        submit();
      } else {
        byKeyboard = true;
      }
    });
    select.addEventListener("change", function () {
      if (!byKeyboard) { submit(); }
    });
  });
})();
