/* The portal's small behaviours, without inline script (the Content-Security-Policy allows scripts from
   'self' only): auto-submitting selects, confirmations, bars drawn from data, form controls styled,
   the period picker switching to "custom" when a date is chosen, list cells labelled for cards on a phone. */
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    var on = el.tagName === "FORM" ? "submit" : "click";
    el.addEventListener(on, function (event) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  document.querySelectorAll("input[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll(box.getAttribute("data-select-all")).forEach(function (b) { b.checked = box.checked; });
    });
  });
  document.querySelectorAll("[data-bar]").forEach(function (el) {
    var value = parseFloat(el.getAttribute("data-bar"));
    el.style.width = (isFinite(value) ? Math.max(0, Math.min(100, value)) : 0) + "%";
  });
  document.querySelectorAll("form[data-form-controls]").forEach(function (form) {
    form.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (el) {
      el.classList.add(el.tagName === "SELECT" ? "form-select" : "form-control");
    });
  });
  /* lists as cards on a phone (table.cards, static/css/portal.css): each cell is labelled with its column's header */
  function labelCards() {
    document.querySelectorAll("table.cards").forEach(function (table) {
      var labels = [];
      if (table.tHead && table.tHead.rows.length) {
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
          for (var i = 0; i < th.colSpan; i++) { labels.push(th.colSpan > 1 ? "" : th.textContent.trim()); }
        });
      }
      Array.prototype.forEach.call(table.querySelectorAll(":scope > tbody > tr, :scope > tfoot > tr"), function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && cell.colSpan === 1 && labels[column]) {
            cell.setAttribute("data-label", labels[column]);
          }
          if (!cell.children.length && !cell.textContent.trim()) { cell.classList.add("cards-empty"); }
          column += cell.colSpan;
        });
      });
    });
  }
  labelCards();
  document.body.addEventListener("htmx:afterSettle", labelCards);
  var period = document.getElementById("period");
  ["date_from", "date_to"].forEach(function (id) {
    var input = document.getElementById(id);
    if (period && input && document.getElementById("period-picker")) {
      input.addEventListener("change", function () { period.value = "custom"; });
    }
  });
})();
