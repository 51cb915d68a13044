/* Live countdowns: every element with data-due="<ISO 8601 date-time>" shows the time left,
   updated every second, or "overdue by …" in red once the time has passed. A row marked
   data-countdown-row turns red too. The words come from a JSON script element with the id
   "countdown-labels" (the page's language): {"left": "%(time)s left", "overdue": "overdue by
   %(time)s", "day": "%(n)s day", "days": "%(n)s days"}. No dependencies. */
(function () {
  "use strict";

  var DEFAULTS = { left: "%(time)s left", overdue: "overdue by %(time)s", day: "%(n)s day", days: "%(n)s days" };

  function readLabels() {
    var labels = Object.assign({}, DEFAULTS);
    var script = document.getElementById("countdown-labels");
    if (script) {
      try {
        Object.assign(labels, JSON.parse(script.textContent));
      } catch (e) {
        /* keep the defaults */
      }
    }
    return labels;
  }

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }

  function describe(ms, labels) {
    var overdue = ms < 0;
    var secs = Math.floor(Math.abs(ms) / 1000);
    var days = Math.floor(secs / 86400);
    secs -= days * 86400;
    var hours = Math.floor(secs / 3600);
    secs -= hours * 3600;
    var minutes = Math.floor(secs / 60);
    secs -= minutes * 60;
    var clock = pad(hours) + ":" + pad(minutes) + ":" + pad(secs);
    if (days) {
      clock = (days === 1 ? labels.day : labels.days).replace("%(n)s", String(days)) + " " + clock;
    }
    return { overdue: overdue, text: (overdue ? labels.overdue : labels.left).replace("%(time)s", clock) };
  }

  function start() {
    var labels = readLabels();
    var elements = Array.prototype.slice.call(document.querySelectorAll("[data-due]"));
    if (!elements.length) {
      return;
    }
    elements.forEach(function (el) {
      el.dueAt = Date.parse(el.getAttribute("data-due"));
    });

    function tick() {
      var now = Date.now();
      elements.forEach(function (el) {
        if (isNaN(el.dueAt)) {
          return;
        }
        var state = describe(el.dueAt - now, labels);
        if (el.textContent !== state.text) {
          el.textContent = state.text;
        }
        el.classList.toggle("text-danger", state.overdue);
        el.classList.toggle("fw-semibold", state.overdue);
        el.setAttribute("data-overdue", state.overdue ? "true" : "false");
        var row = el.closest("[data-countdown-row]");
        if (row) {
          row.classList.toggle("table-danger", state.overdue);
        }
      });
    }

    tick();
    window.setInterval(tick, 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
