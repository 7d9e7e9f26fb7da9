/* Charts for the admin analytics page; data comes from the json_script block, Chart.js from static/. */
(function () {
  "use strict";
  var summary = JSON.parse(document.getElementById("analytics-summary").textContent);
  var daily = summary.daily;
  var names = summary.labels || { metrics: {}, languages: {}, states: {} };

  function bar(id, series, keyNames) {
    var keys = Object.keys(series || {}).sort();
    new Chart(document.getElementById(id), {
      type: "bar",
      data: {
        labels: keys.map(function (k) { return keyNames[k] || k; }),
        datasets: [{ label: names.metrics.ratings || "ratings", data: keys.map(function (k) { return series[k]; }) }]
      },
      options: { plugins: { legend: { display: false } } }
    });
  }

  new Chart(document.getElementById("chart-daily"), {
    type: "line",
    data: {
      labels: daily.days,
      datasets: Object.keys(daily.series).map(function (metric) {
        return { label: names.metrics[metric] || metric, data: daily.series[metric], tension: 0.2, pointRadius: 0 };
      })
    },
    options: { interaction: { mode: "index", intersect: false } }
  });
  bar("chart-language", (daily.by_language || {}).ratings, names.languages);
  bar("chart-state", (daily.by_state || {}).ratings, names.states);

  var recs = summary.recommendations || [];
  new Chart(document.getElementById("chart-ctr"), {
    type: "bar",
    data: {
      labels: recs.map(function (r) { return r.experiment + " / " + r.variant + " (" + r.algorithm + ")"; }),
      datasets: [
        { label: "CTR", data: recs.map(function (r) { return r.ctr; }) },
        { label: "CI low", data: recs.map(function (r) { return r.ctr_ci95[0]; }) },
        { label: "CI high", data: recs.map(function (r) { return r.ctr_ci95[1]; }) }
      ]
    }
  });
})();
