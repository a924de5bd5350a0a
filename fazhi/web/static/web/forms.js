// Record forms: 村民小组 narrowed to the chosen 村/社区, and "添加…" rows for a record's parts.
(function () {
  "use strict";

  function narrowGroups(form) {
    form.querySelectorAll("select[data-narrow-by]").forEach(function (select) {
      var by = form.querySelector('select[name="' + select.dataset.narrowBy + '"]');
      if (!by) { return; }
      function apply() {
        var village = by.value;
        select.querySelectorAll("option[data-village]").forEach(function (option) {
          var match = !village || option.dataset.village === village;
          option.hidden = !match;
          option.disabled = !match;
          if (!match && option.selected) { select.value = ""; }
        });
      }
      by.addEventListener("change", apply);
      apply();
    });
  }

  function addRows(form) {
    form.querySelectorAll("button[data-add-row]").forEach(function (button) {
      var prefix = button.dataset.addRow;
      var total = form.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
      var template = document.getElementById("empty-" + prefix);
      var rows = form.querySelector('[data-formset="' + prefix + '"]');
      button.addEventListener("click", function () {
        var index = parseInt(total.value, 10);
        var html = template.innerHTML.replace(/__prefix__/g, String(index));
        rows.insertAdjacentHTML("beforeend", html);
        total.value = String(index + 1);
        var first = rows.lastElementChild.querySelector("select, input, textarea");
        if (first) { first.focus(); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(function (form) {
      narrowGroups(form);
      addRows(form);
    });
  });
})();
