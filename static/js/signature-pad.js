// The care-plan agreement form. A signature pad: a <canvas> the client draws on with a mouse, a
// finger or a pen (pointer events); on submit the drawing goes into the hidden `signature` input
// as a PNG data URL, only if something was drawn. And the sign/decline switch: only the fields
// for the chosen answer show (without JavaScript, both do).
(function () {
  const form = document.getElementById("agreement-form");
  if (!form) return;

  // --- Sign or decline -----------------------------------------------------------------------
  const signFields = document.getElementById("sign-fields");
  const declineFields = document.getElementById("decline-fields");
  function showChosenFields() {
    const chosen = form.querySelector('input[name="signed"]:checked');
    const declining = chosen !== null && chosen.value === "no";
    signFields.hidden = declining;
    declineFields.hidden = !declining;
  }
  form.querySelectorAll('input[name="signed"]').forEach(function (radio) {
    radio.addEventListener("change", showChosenFields);
  });
  showChosenFields();

  // --- Signature pad -------------------------------------------------------------------------
  const pad = form.querySelector("[data-signature-pad]");
  if (!pad) return;
  const canvas = pad.querySelector("canvas");
  const input = pad.querySelector('input[name="signature"]');
  const status = pad.querySelector("[data-signature-status]");
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  pad.hidden = false;

  let drawn = false;
  let last = null; // the previous point of the stroke in progress

  ctx.lineWidth = 2.5;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.strokeStyle = "#111";

  function setDrawn(value) {
    drawn = value;
    status.textContent = drawn ? "Signature drawn." : "";
  }

  // Pointer position in canvas pixels: the canvas is scaled by CSS to fit narrow screens.
  function point(event) {
    const box = canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) * canvas.width) / box.width,
      y: ((event.clientY - box.top) * canvas.height) / box.height,
    };
  }

  function lineTo(p) {
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last = p;
  }

  canvas.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    last = point(event);
    // A tap leaves a dot.
    ctx.beginPath();
    ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, 2 * Math.PI);
    ctx.fillStyle = ctx.strokeStyle;
    ctx.fill();
    setDrawn(true);
  });

  canvas.addEventListener("pointermove", function (event) {
    if (last === null) return;
    event.preventDefault();
    // Fast pens and fingers report several positions per frame; draw through all of them.
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
    (events.length ? events : [event]).forEach(function (e) {
      lineTo(point(e));
    });
  });

  function endStroke() {
    last = null;
  }
  canvas.addEventListener("pointerup", endStroke);
  canvas.addEventListener("pointercancel", endStroke);
  canvas.addEventListener("lostpointercapture", endStroke);

  function clear() {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    input.value = "";
    setDrawn(false);
  }
  pad.querySelector("[data-signature-clear]").addEventListener("click", clear);

  // A form shown again with errors keeps the drawing that was sent.
  if (input.value) {
    const image = new Image();
    image.onload = function () {
      ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
      setDrawn(true);
    };
    image.onerror = clear;
    image.src = input.value;
  }

  form.addEventListener("submit", function () {
    const signing = !signFields.hidden;
    input.value = signing && drawn ? canvas.toDataURL("image/png") : "";
  });
})();
