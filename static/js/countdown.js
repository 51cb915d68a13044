/* Live countdowns: every element with data-due="<ISO 8601 date-time>" shows the time left,
   updated every second, or "overdue by …" in red once the time has passed. A row marked
   data-countdown-row turns red too. Like association.numbers.countdown: the two largest units,
   days and hours from a day ("3 天 4 小时"), hours and minutes from an hour, minutes and seconds
   below. The words come from a JSON script element with the id "countdown-labels" (the page's
   language): {"left": "%(time)s left", "overdue": "overdue by %(time)s", "day": "%(n)s day",
   "days": "%(n)s days", "hour": …, "hours": …, "minute": …, "minutes": …, "second": …,
   "seconds": …}. No dependencies. */
(function () {
  "use strict";

  var DEFAULTS = {
    left: "%(time)s left",
    overdue: "overdue by %(time)s",
    day: "%(n)s day",
    days: "%(n)s days",
    hour: "%(n)s hour",
    hours: "%(n)s hours",
    minute: "%(n)s minute",
    minutes: "%(n)s minutes",
    second: "%(n)s second",
    seconds: "%(n)s seconds"
  };

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

  function unit(n, name, labels) {
    return (n === 1 ? labels[name] : labels[name + "s"]).replace("%(n)s", String(n));
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
    var parts;
    if (days) {
      parts = [[days, "day"], [hours, "hour"]];
    } else if (hours) {
      parts = [[hours, "hour"], [minutes, "minute"]];
    } else if (minutes) {
      parts = [[minutes, "minute"], [secs, "second"]];
    } else {
      parts = [[secs, "second"]];
    }
    if (parts.length === 2 && !parts[1][0]) {
      parts = parts.slice(0, 1);
    }
    var clock = parts
      .map(function (p) {
        return unit(p[0], p[1], labels);
      })
      .join(" ");
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
