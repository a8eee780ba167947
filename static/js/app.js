/* Small behaviours that need no framework. Delegated on document, so they keep
   working after htmx swaps. */
(function () {
  "use strict";
  // Reply templates: choosing one puts its text into the reply box.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-template-target]");
    if (!select) return;
    var option = select.options[select.selectedIndex];
    var box = document.getElementById(select.getAttribute("data-template-target"));
    if (box && option && option.dataset.body !== undefined) {
      box.value = option.dataset.body;
      box.focus();
    }
  });
  // <select data-autosubmit>: choosing an option submits its form (no inline handlers: CSP).
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });
  // <button data-print>: print the page.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
})();
