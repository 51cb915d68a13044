/* Charts drawn with the vendored ECharts from data in json_script elements (no inline script: CSP).
   The overview: every .overview-chart from #overview-charts; other pages: an element with data-chart
   (loss, scores, kinds) and data-chart-source (the id of its JSON). */
(function () {
  "use strict";
  function data(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  function draw(el, option) {
    var chart = echarts.init(el);
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  var overview = data("overview-charts");
  (overview || []).forEach(function (c) {
    var el = document.getElementById("chart-" + c.key);
    if (!el || el.getAttribute("data-drawn")) return;
    el.setAttribute("data-drawn", "1");
    el.style.height = (el.getAttribute("data-chart-height") || "260") + "px";
    draw(el, {
      title: {text: c.title, textStyle: {fontSize: 13}}, tooltip: {trigger: "axis"}, legend: {top: 20},
      grid: {top: 55, left: 45, right: 15, bottom: 40},
      xAxis: {type: "category", data: c.categories, axisLabel: {interval: 0, rotate: c.categories.length > 6 ? 30 : 0}},
      yAxis: {type: "value"}, series: c.series.map(function (s) { return {name: s.name, type: "bar", data: s.data}; })
    });
  });
  var builders = {
    loss: function (d) {
      return {
        tooltip: {trigger: "axis"}, legend: {data: d.labels}, xAxis: {type: "category", data: d.dates}, yAxis: {type: "value"},
        series: [
          {name: d.labels[0], type: "line", data: d.estimated_loss},
          {name: d.labels[1], type: "line", data: d.claims_paid},
          {name: d.labels[2], type: "line", data: d.advance_payments}
        ]
      };
    },
    scores: function (d) {
      return {
        tooltip: {trigger: "axis"}, legend: {type: "scroll", data: d.series.map(function (s) { return s.name; })},
        xAxis: {type: "category", data: d.months}, yAxis: {type: "value"},
        series: d.series.map(function (s) { return {name: s.name, type: "line", connectNulls: true, data: s.data}; })
      };
    },
    kinds: function (d, el) {
      var activities = el.getAttribute("data-label-activities"), audience = el.getAttribute("data-label-audience");
      return {
        tooltip: {trigger: "axis"}, legend: {data: [activities, audience]},
        xAxis: {type: "category", data: d.labels, axisLabel: {interval: 0, rotate: 20}},
        yAxis: [{type: "value"}, {type: "value"}],
        series: [{name: activities, type: "bar", data: d.counts},
                 {name: audience, type: "line", yAxisIndex: 1, data: d.audience}]
      };
    }
  };
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var build = builders[el.getAttribute("data-chart")], d = data(el.getAttribute("data-chart-source"));
    if (build && d && !el.getAttribute("data-drawn")) { el.setAttribute("data-drawn", "1"); draw(el, build(d, el)); }
  });
})();
