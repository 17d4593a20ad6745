// One tap rates the delivery: a rating chosen by tap or click sends its form at once. Keyboard
// users move through the ratings with the arrow keys, so for them the choice waits for the button.
// Without this script the form works the same, with its button.
(function () {
  "use strict";
  var pointer = false;
  document.addEventListener("pointerdown", function () {
    pointer = true;
  }, true);
  document.addEventListener("keydown", function () {
    pointer = false;
  }, true);
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!pointer || !input || input.name !== "rating" || !input.closest) {
      return;
    }
    var form = input.closest("form[data-feedback]");
    // The page with a comment box waits for its button: the shopper may still be writing.
    if (!form || form.querySelector("textarea[name=comment]")) {
      return;
    }
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  });
})();
