// Draws each dashboard chart (an element with data-chart, the address of
// its data) with Apache ECharts. The numbers come from the same values the
// table beside the chart shows; without JavaScript the table remains.
(function () {
  "use strict";
  function draw(el) {
    fetch(el.getAttribute("data-chart"), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (d) {
        var vals = d.values || [];
        var labels = vals.map(function (v) { return d.kind === "bar" ? v.name : v.period; });
        var data = vals.map(function (v) { return v.value === null || v.value === undefined ? null : Math.round(v.value * 100) / 100; });
        var target = null;
        vals.forEach(function (v) { if (v.target !== undefined && v.target !== null) { target = v.target; } });
        var series = {
          type: d.kind === "bar" ? "bar" : "line", name: d.name, data: data, connectNulls: false,
          label: { show: d.kind === "bar" && vals.length <= 15, position: "top" }
        };
        if (target !== null) {
          series.markLine = { symbol: "none", data: [{ yAxis: target, name: "target" }], label: { formatter: String(target) }, lineStyle: { type: "dashed", color: "#c0392b" } };
        }
        el.classList.add("drawn");
        var chart = echarts.init(el, null, { renderer: "svg" });
        chart.setOption({
          animation: false,
          tooltip: { trigger: "axis" },
          grid: { left: 48, right: 16, top: 28, bottom: 64 },
          xAxis: { type: "category", data: labels, axisLabel: { rotate: labels.length > 6 ? 45 : 0, interval: 0 } },
          // The axis reaches the target, so its line shows above low bars.
          yAxis: { type: "value", name: d.unit, max: target === null ? null : function (v) { return Math.max(v.max, target); } },
          series: [series]
        });
        el.setAttribute("data-values", JSON.stringify(data));
        window.addEventListener("resize", function () { chart.resize(); });
      })
      .catch(function () { el.classList.add("failed"); });
  }
  function start() {
    if (typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
