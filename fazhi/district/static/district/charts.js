// Charts of the district desk and the 看板, drawn by the locally served ECharts.
function fazhiLine(el, months, series, rate) {
  var chart = echarts.getInstanceByDom(el) || echarts.init(el);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 28 },
    xAxis: { type: "category", data: months },
    yAxis: { type: "value", max: rate ? 100 : null, axisLabel: { formatter: rate ? "{value}%" : "{value}" } },
    series: series.map(function (s, i) {
      return { name: s.name, type: "line", data: s.data, connectNulls: true, lineStyle: { width: i === 0 ? 3 : 2 } };
    }),
  }, true);
  window.addEventListener("resize", function () { chart.resize(); });
  return chart;
}

function fazhiTrendChart(chartId, dataId, figureId, townshipId) {
  var data = JSON.parse(document.getElementById(dataId).textContent);
  var el = document.getElementById(chartId);
  var figure = document.getElementById(figureId);
  var township = document.getElementById(townshipId);
  function draw() {
    var f = data.figures[Number(figure.value || 0)];
    if (!f) { return; }
    var own = f.townships.find(function (s) { return s.name === township.value; }) || f.townships[0];
    var series = [{ name: "全区", data: f.district }];
    if (own) { series.push({ name: own.name, data: own.data }); }
    fazhiLine(el, data.months, series, f.rate);
  }
  figure.addEventListener("change", draw);
  township.addEventListener("change", draw);
  draw();
}

// The leader's 看板: one bar chart per area, this year against last.
function fazhiCompareChart(chartId, dataId) {
  var data = JSON.parse(document.getElementById(dataId).textContent);
  var el = document.getElementById(chartId);
  var chart = echarts.init(el);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 60 },
    xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value" },
    series: data.series.map(function (s) { return { name: s.name, type: "bar", data: s.data }; }),
  });
  window.addEventListener("resize", function () { chart.resize(); });
}

// Started from here rather than from the page: the Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  if (document.getElementById("trend-chart")) {
    fazhiTrendChart("trend-chart", "trend-data", "trend-figure", "trend-township");
  }
  ["count", "rate"].forEach(function (name) {
    if (document.getElementById(name + "-chart")) { fazhiCompareChart(name + "-chart", name + "-data"); }
  });
});
