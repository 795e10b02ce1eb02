// Refreshes the dashboard's figures in place: fetches the page again and swaps the figures, so a
// researcher watching responses arrive never reloads. A failed fetch is simply tried next time.
const monitor = document.getElementById("monitor");
const seconds = Number(monitor?.dataset.refresh || 0);

async function refresh() {
  try {
    const response = await fetch(location.href, { headers: { Accept: "text/html" } });
    if (!response.ok) return;
    const next = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("monitor");
    if (next) monitor.replaceChildren(...next.childNodes);
  } catch {
    // Offline for a moment: the next tick tries again.
  }
}

if (monitor && seconds > 0) setInterval(refresh, seconds * 1000);
