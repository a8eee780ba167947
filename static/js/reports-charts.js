/* Draws every `[data-chart]` element of the page with Apache ECharts (vendored in
   static/vendor). The data comes from the `json_script` element whose id is the
   chart's name; each chart is also printed as a table beside it. No inline script. */
(function () {
  "use strict";
  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || !window.echarts) { return; }
    var chart = JSON.parse(source.textContent);
    var instance = window.echarts.init(el);
    instance.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: chart.labels },
      yAxis: { type: "value", scale: true },
      series: chart.series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false, symbol: "circle", symbolSize: 7 };
      })
    });
    window.addEventListener("resize", function () { instance.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
