// Draws each <canvas data-chart="ID"> from the Chart.js config in <script id="ID"> (json_script).
(function () {
  if (typeof Chart === "undefined") return;
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    const config = JSON.parse(source.textContent);
    if (reduceMotion) config.options.animation = false;
    canvas.chart = new Chart(canvas, config);
  });
})();
