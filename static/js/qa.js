/* Fast keyboard scoring on QA forms: ↑/↓ or j/k move between items, a digit picks
   that rating, n picks N/A, Ctrl+Enter saves (submits the form's first button).
   The current item is highlighted; picking a rating moves to the next item. */
(function () {
  "use strict";
  function setup(form) {
    var rows = Array.prototype.slice.call(form.querySelectorAll(".qa-item"));
    if (!rows.length) { return; }
    var current = 0;
    function focus(index) {
      current = Math.max(0, Math.min(rows.length - 1, index));
      rows.forEach(function (row, i) { row.classList.toggle("qa-current", i === current); });
      rows[current].focus({ preventScroll: false });
    }
    rows.forEach(function (row, i) {
      row.addEventListener("click", function () { current = i; rows.forEach(function (r, j) { r.classList.toggle("qa-current", j === i); }); });
    });
    form.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        var button = form.querySelector("button[type=submit]");
        if (button) { button.click(); }
        return;
      }
      if (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type === "text")) { return; }
      var key = event.key;
      if (key === "ArrowDown" || key === "j") { event.preventDefault(); focus(current + 1); return; }
      if (key === "ArrowUp" || key === "k") { event.preventDefault(); focus(current - 1); return; }
      var value = null;
      if (/^[0-5]$/.test(key)) { value = key; } else if (key === "n" || key === "N") { value = "na"; }
      if (value === null) { return; }
      var radio = rows[current].querySelector('input[type=radio][value="' + value + '"]');
      if (radio && !radio.disabled) {
        event.preventDefault();
        radio.checked = true;
        focus(current + 1);
      }
    });
    focus(0);
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-qa-form]"), setup);
  });
})();
