// Follows a queued or running analysis: asks for its state every second and shows the engine's
// stage; when the run is done or failed, loads the page again so the results (or the reason) show.
const card = document.getElementById("analysis-state");
const state = document.getElementById("state");

async function poll() {
  try {
    const response = await fetch(card.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (response.ok) {
      const run = await response.json();
      if (run.status === "done" || run.status === "failed") {
        location.reload();
        return;
      }
      const text = run.status === "running" ? `Running: ${run.stage || "starting"}` : "Queued";
      if (state.textContent !== text) state.textContent = text;
    }
  } catch {
    // Offline for a moment: the next tick tries again.
  }
  setTimeout(poll, 1000);
}

// The first look comes soon: a demo-sized run is usually done within a few hundred milliseconds.
if (card && (card.dataset.status === "queued" || card.dataset.status === "running")) setTimeout(poll, 150);
