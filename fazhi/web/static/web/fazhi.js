// Page behaviours without inline script, so that the Content-Security-Policy can forbid inline script.
(function () {
  "use strict";

  // Filter forms: Bootstrap's small controls on the widgets django-filter renders.
  function styleControls(root) {
    root.querySelectorAll("form[data-small-controls] select, form[data-small-controls] input").forEach(function (el) {
      if (el.type === "hidden" || el.type === "submit") { return; }
      if (el.tagName === "SELECT") { el.classList.add("form-select", "form-select-sm"); }
      else { el.classList.add("form-control", "form-control-sm"); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { styleControls(document); });
  document.addEventListener("htmx:afterSwap", function (event) { styleControls(event.target); });

  // <select data-submit-on-change>: choosing a value submits its form.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-submit-on-change]")) {
      event.target.form.submit();
    }
  });

  // <button data-confirm="…">: asks before submitting.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
