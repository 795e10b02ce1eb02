// The participant's pages, enhanced: every form is sent in the background and the page is replaced
// in place, so a lost connection is shown and retried instead of ending on a browser error page.
// Without this script every form still works as a plain post.
import { send, autosave, cancelAutosave } from "./participant/requests.js";
import { enhance } from "./participant/enhance.js";

const main = document.getElementById("main");

function formRequest(form, submitter) {
  const data = new FormData(form, submitter);
  const method = (form.getAttribute("method") || "get").toUpperCase();
  return { method, url: form.getAttribute("action") || location.pathname, body: new URLSearchParams(data) };
}

// Replaces the page with the one the server sent back and tells assistive technology what changed.
function show(html, url) {
  const next = new DOMParser().parseFromString(html, "text/html");
  const nextMain = next.getElementById("main");
  if (!nextMain) { location.assign(url); return; }
  const focusedID = document.activeElement && document.activeElement.id;
  const sameStep = main.dataset.step === nextMain.dataset.step;
  document.title = next.title;
  const indicator = document.getElementById("step-indicator");
  const nextIndicator = next.getElementById("step-indicator");
  if (indicator && nextIndicator) indicator.textContent = nextIndicator.textContent;
  for (const name of ["focus", "step"]) main.dataset[name] = nextMain.dataset[name] || "";
  main.replaceChildren(...nextMain.childNodes);
  if (url && url !== location.href) history.replaceState(null, "", url);
  const spoken = [...main.querySelectorAll("#announce, [data-speak]")].map((element) => element.textContent.trim());
  const announcer = document.getElementById("announcer");
  announcer.textContent = "";
  // A fresh text node after a tick is what screen readers reliably pick up.
  setTimeout(() => { announcer.textContent = spoken.filter(Boolean).join(" "); }, 50);
  const target = main.querySelector("#error")
    || (sameStep && focusedID && document.getElementById(focusedID))
    || (main.dataset.focus && document.getElementById(main.dataset.focus))
    || main.querySelector("h1");
  if (target) {
    if (target.disabled) target.closest("form")?.querySelector("button:not([disabled])")?.focus();
    else target.focus();
  }
  enhance(main, submit);
}

// Sends a form (or the fields of a drag and drop) and shows the page that comes back.
export function submit(request) {
  if (document.body.classList.contains("busy")) return;
  cancelAutosave();
  document.body.classList.add("busy");
  send(request).then(({ html, url }) => show(html, url)).finally(() => document.body.classList.remove("busy"));
}

main.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  event.preventDefault();
  submit(formRequest(form, event.submitter));
});

main.addEventListener("input", (event) => {
  const form = event.target.closest("form[data-autosave]");
  if (form) autosave(form);
});

enhance(main, submit);
