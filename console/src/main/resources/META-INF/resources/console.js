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
