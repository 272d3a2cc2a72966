// The console's charts (uPlot): learning curves from #curves-data, kept live by the run page's
// "curve" events, and the results against the paper from #results-data.
(function () {
  "use strict";

  var charts = {};
  // Epochs and table rows are whole numbers: the x axes tick at these steps only.
  var WHOLE = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
  // What the browser tests read: each chart's points, as drawn.
  window.distillCharts = charts;

  function width(el) {
    return Math.max(320, Math.min(720, el.clientWidth || 640));
  }

  function curveChart(el, title, field, curves) {
    var epochs = 0;
    curves.series.forEach(function (s) {
      s.epochs.forEach(function (p) { epochs = Math.max(epochs, p.epoch); });
    });
    var xs = [];
    for (var e = 1; e <= Math.max(epochs, 1); e++) { xs.push(e); }
    var data = [xs];
    var series = [{ label: "epoch" }];
    curves.series.forEach(function (s, i) {
      var ys = xs.map(function () { return null; });
      s.epochs.forEach(function (p) { ys[p.epoch - 1] = p[field]; });
      data.push(ys);
      series.push({ label: s.label, stroke: colour(i), points: { show: true }, spanGaps: true });
    });
    var plot = new uPlot({ title: title, width: width(el), height: 260, series: series,
      scales: { x: { time: false } }, axes: [{ label: "epoch", incrs: WHOLE }, {}] }, data, el);
    return { plot: plot, ids: curves.series.map(function (s) { return s.id; }), field: field, data: data };
  }

  function addPoint(chart, id, point) {
    var index = chart.ids.indexOf(id);
    if (index < 0) { return; }
    var data = chart.data;
    while (data[0].length < point.epoch) {
      data[0].push(data[0].length + 1);
      for (var k = 1; k < data.length; k++) { data[k].push(null); }
    }
    data[index + 1][point.epoch - 1] = point[chart.field];
    chart.plot.setData(data);
  }

  function colour(i) {
    var palette = ["#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#6c4f9c", "#00798c", "#8d6a9f", "#c45ab3"];
    return palette[i % palette.length];
  }

  function json(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var curves = json("curves-data");
    if (curves) {
      charts.validation = curveChart(document.getElementById("chart-validation"), "Validation errors",
        "validationErrors", curves);
      charts.loss = curveChart(document.getElementById("chart-loss"), "Training loss", "trainLoss", curves);
    }
    var results = json("results-data");
    if (results && results.labels.length > 0) {
      var xs = results.labels.map(function (_, i) { return i + 1; });
      var el = document.getElementById("chart-results");
      charts.results = { data: [xs, results.ours, results.paper], plot: new uPlot({
        title: "Test errors: this run (mean over seeds) and the paper", width: width(el), height: 260,
        scales: { x: { time: false } },
        series: [{ label: "row", value: function (u, v) { return v == null ? "" : results.labels[v - 1]; } },
          { label: "this run", stroke: colour(0), points: { show: true, size: 9 }, paths: function () { return null; } },
          { label: "paper", stroke: colour(1), points: { show: true, size: 9 }, paths: function () { return null; } }],
        axes: [{ incrs: WHOLE, values: function (u, ticks) {
          return ticks.map(function (t) { return Number.isInteger(t) ? results.labels[t - 1] || "" : ""; });
        } }, { label: "test errors" }] }, [xs, results.ours, results.paper], el) };
    }
    var feed = document.getElementById("curve-feed");
    if (feed) {
      // The "curve" events carry a point as JSON, not HTML to swap: taken here, and the swap skipped.
      feed.addEventListener("htmx:sseBeforeMessage", function (event) {
        event.preventDefault();
        var message = JSON.parse(event.detail.data);
        ["validation", "loss"].forEach(function (name) {
          if (charts[name]) { addPoint(charts[name], message.id, message.point); }
        });
      });
    }
  });
})();
