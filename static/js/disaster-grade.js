/* The disaster event form: the grade the estimates give, shown as they are typed. The server grades with the
   same pure function the services use (GET <data-grade-preview>?est_property_loss=…); no inline script (CSP). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-grade-preview]");
  var out = document.getElementById("grade-preview");
  if (!form || !out) { return; }
  var names = ["est_property_loss", "est_casualty_payout", "insured_deaths", "occurred_at"];
  var timer = null;
  var latest = 0;
  function value(name) {
    var el = form.elements.namedItem(name);
    if (el) { return el.value; }
    return name === "occurred_at" ? (form.getAttribute("data-occurred-at") || "") : "";
  }
  function refresh() {
    var params = new URLSearchParams();
    names.forEach(function (name) { params.set(name, value(name)); });
    var ticket = ++latest;
    fetch(form.getAttribute("data-grade-preview") + "?" + params.toString(), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (!data || ticket !== latest) { return; }
      out.textContent = data.text;
      out.setAttribute("data-grade", data.grade || "");
      out.classList.toggle("alert-warning", !!data.grade);
      out.classList.toggle("alert-info", !data.grade);
    }).catch(function () { /* the grade is computed again when the form is saved */ });
  }
  names.forEach(function (name) {
    var el = form.elements.namedItem(name);
    if (el) {
      el.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(refresh, 250); });
    }
  });
  refresh();
})();
