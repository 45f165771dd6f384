// Keeps "N of M answered" up to date while a case manager fills in an assessment.
(function () {
  const form = document.getElementById("assessment-form");
  const counter = document.getElementById("answered-count");
  if (!form || !counter) return;
  const items = form.querySelectorAll("[data-item]");
  function update() {
    let answered = 0;
    items.forEach(function (item) {
      if (item.querySelector("input[type=radio]:checked")) answered += 1;
    });
    counter.textContent = answered + " of " + items.length + " answered";
  }
  form.addEventListener("change", update);
  update();
})();
