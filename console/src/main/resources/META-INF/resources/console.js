// Charts read their figures from data attributes the server rendered: the page works without them, and shows them
// when Chart.js has loaded.
document.addEventListener("DOMContentLoaded", () => {
  const history = document.getElementById("score-history");
  if (history && window.Chart) {
    const points = JSON.parse(history.dataset.points || "[]");
    new Chart(history, {
      type: "line",
      data: {
        labels: points.map(p => p.at.replace("T", " ").substring(0, 16)),
        datasets: [{ label: "Risk score", data: points.map(p => p.score), stepped: true, borderColor: "#0b5cad" }]
      },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { min: 0, max: 100 } } }
    });
  }
});

document.addEventListener("DOMContentLoaded", () => {
  if (!window.Chart) {
    return;
  }
  const trend = document.getElementById("kpi-trend");
  if (trend) {
    const data = JSON.parse(trend.dataset.chart);
    const percent = values => values.map(v => (v === null ? null : Math.round(v * 1000) / 10));
    new Chart(trend, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Retention %", data: percent(data.retention), borderColor: "#116329" },
          { label: "Churn %", data: percent(data.churn), borderColor: "#a40e26" },
          { label: "Net revenue retention %", data: percent(data.nrr), borderColor: "#0b5cad" }
        ]
      },
      options: { maintainAspectRatio: false, animation: false }
    });
    const bars = (id, counts, label) => new Chart(document.getElementById(id), {
      type: "bar",
      data: { labels: Object.keys(counts), datasets: [{ label: label, data: Object.values(counts), backgroundColor: "#0b5cad" }] },
      options: { maintainAspectRatio: false, animation: false }
    });
    bars("by-stage", data.byStage, "Customers by stage");
    bars("by-tier", data.byTier, "Customers by tier");
  }
  const winback = document.getElementById("winback-data");
  if (winback) {
    for (const reason of JSON.parse(winback.dataset.reasons)) {
      const percent = v => Math.round(v * 1000) / 10;
      new Chart(document.getElementById("winback-" + reason.reason), {
        data: {
          labels: reason.arms,
          datasets: [
            { type: "bar", label: "95 % interval", data: reason.intervals.map(i => [percent(i[0]), percent(i[1])]),
              backgroundColor: "rgba(11, 92, 173, 0.25)" },
            { type: "scatter", label: "Win-back rate %", data: reason.rates.map(percent), backgroundColor: "#0b5cad",
              pointRadius: 6 }
          ]
        },
        options: { maintainAspectRatio: false, animation: false, scales: { y: { min: 0, max: 100 } } }
      });
    }
  }
});

document.addEventListener("DOMContentLoaded", () => {
  const levels = document.getElementById("level-history");
  if (levels && window.Chart) {
    const counts = JSON.parse(levels.dataset.counts || "[]");
    new Chart(levels, {
      type: "line",
      data: {
        labels: counts.map(c => c.day),
        datasets: [
          { label: "HIGH", data: counts.map(c => c.high), borderColor: "#a40e26" },
          { label: "MEDIUM", data: counts.map(c => c.medium), borderColor: "#9a6700" },
          { label: "Churned", data: counts.map(c => c.churned), borderColor: "#57606a" }
        ]
      },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } }
    });
  }
});

document.addEventListener("DOMContentLoaded", () => {
  const calibration = document.getElementById("calibration");
  if (calibration && window.Chart) {
    const data = JSON.parse(calibration.dataset.chart || "{}");
    const percent = pairs => (pairs || []).map(([x, y]) => ({ x: Math.round(x * 1000) / 10, y: Math.round(y * 1000) / 10 }));
    new Chart(calibration, {
      type: "scatter",
      data: {
        datasets: [
          { label: "Shipped weights", data: percent(data.shipped), backgroundColor: "#57606a", showLine: true, borderColor: "#57606a" },
          { label: "Learned", data: percent(data.learned), backgroundColor: "#0b5cad", showLine: true, borderColor: "#0b5cad" },
          { label: "Perfect calibration", data: [{ x: 0, y: 0 }, { x: 100, y: 100 }], showLine: true, pointRadius: 0,
            borderColor: "#d0d7de", borderDash: [4, 4] }
        ]
      },
      options: {
        maintainAspectRatio: false, animation: false,
        scales: { x: { min: 0, max: 100, title: { display: true, text: "Predicted churn %" } },
                  y: { min: 0, max: 100, title: { display: true, text: "Churned %" } } }
      }
    });
  }
});
