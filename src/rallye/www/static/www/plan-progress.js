// Polls the state of a running solve and reloads the page when it has finished.
(function () {
  const box = document.getElementById("version-state");
  if (!box || box.dataset.finished === "1") return;
  const state = box.querySelector('[data-role="state"]');
  const progress = box.querySelector('[data-role="progress"]');
  const french = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
  async function poll() {
    const response = await fetch(box.dataset.url, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const data = await response.json();
    state.textContent = data.state_label;
    if (data.progress && data.progress.elapsed !== undefined) {
      const terms = Object.entries(data.progress.terms || {}).map(([k, v]) => k + " " + (typeof v === "number" ? french.format(v) : v)).join(", ");
      progress.textContent = french.format(data.progress.elapsed) + " s de calcul" + (terms ? " · " + terms : "");
    }
    if (data.state === "succeeded" || data.state === "failed") {
      window.location.reload();
    } else {
      window.setTimeout(poll, 1000);
    }
  }
  window.setTimeout(poll, 1000);
})();
