/* The portal's small behaviours, without inline script (the Content-Security-Policy allows scripts from
   'self' only): auto-submitting selects, confirmations, bars drawn from data, form controls styled,
   the period picker switching to "custom" when a date is chosen. */
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
  var period = document.getElementById("period");
  ["date_from", "date_to"].forEach(function (id) {
    var input = document.getElementById(id);
    if (period && input && document.getElementById("period-picker")) {
      input.addEventListener("change", function () { period.value = "custom"; });
    }
  });
})();
