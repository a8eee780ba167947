/* Draws the hotspot page's bar charts (`[data-hotspot-chart]`) with Apache ECharts
   (vendored). The data comes from the `json_script` element named by the attribute;
   each chart's figures are also in the table below it. No inline script (CSP). */
(function () {
  "use strict";
  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-hotspot-chart"));
    if (!source || !window.echarts) { return; }
    var chart = JSON.parse(source.textContent);
    var horizontal = el.getAttribute("data-horizontal") === "1";
    var category = { type: "category", data: chart.labels, axisLabel: { interval: 0, rotate: horizontal ? 0 : 30 } };
    var value = { type: "value", minInterval: 1 };
    if (horizontal) { category.inverse = true; }
    var instance = window.echarts.init(el);
    instance.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: horizontal ? 90 : 40, right: 16, top: 36, bottom: horizontal ? 24 : 80 },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: chart.series.map(function (s) { return { name: s.name, type: "bar", data: s.data }; })
    });
    window.addEventListener("resize", function () { instance.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-hotspot-chart]").forEach(draw);
  });
})();
