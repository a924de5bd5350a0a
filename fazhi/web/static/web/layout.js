// On a phone, wide tables that are not laid out as cards scroll sideways inside a wrapper
// (fazhi.css); a scrolling region must be reachable with the keyboard, so it gets a tab stop and a name.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.matchMedia("(max-width: 576px)").matches) { return; }
    document.querySelectorAll("main table.table:not(.card-table)").forEach(function (table) {
      var wrapper = document.createElement("div");
      var heading = table.previousElementSibling;
      wrapper.className = "table-scroll";
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("aria-label", heading && /^H\d$/.test(heading.tagName) ? heading.textContent.trim() : "表格");
      table.parentNode.insertBefore(wrapper, table);
      wrapper.appendChild(table);
    });
  });
})();
