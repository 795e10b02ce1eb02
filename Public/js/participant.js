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

// Whether the page being shown answers the browser's Back (it replaces the history entry instead
// of adding one).
let goingBack = false;

// Replaces the page with the one the server sent back and tells assistive technology what changed.
function show(html, url) {
  const next = new DOMParser().parseFromString(html, "text/html");
  const nextMain = next.getElementById("main");
  if (!nextMain) { location.assign(url); return; }
  const focusedID = document.activeElement && document.activeElement.id;
  const sameStep = main.dataset.step === nextMain.dataset.step;
  const newEntry = !goingBack && nextMain.dataset.history && nextMain.dataset.history !== main.dataset.history;
  goingBack = false;
  document.title = next.title;
  // The bar (step indicator) and the footer (withdraw link) change with the step: the thank-you
  // page has no step, the withdraw link appears once something is stored.
  for (const selector of ["header.participant-bar", "footer.participant-footer"]) {
    const current = document.querySelector(selector);
    const replacement = next.querySelector(selector);
    if (current && replacement) current.replaceWith(replacement);
    else if (current) current.remove();
    else if (replacement && selector.startsWith("header")) document.body.prepend(replacement);
    else if (replacement) document.body.append(replacement);
  }
  for (const name of ["focus", "step", "history", "back"]) main.dataset[name] = nextMain.dataset[name] || "";
  main.replaceChildren(...nextMain.childNodes);
  if (url && url !== location.href && !newEntry) history.replaceState({ poetq: true }, "", url);
  if (newEntry) history.pushState({ poetq: true }, "", url || location.href);
  const spoken = [...main.querySelectorAll("#announce, [data-speak]")].map((element) => element.textContent.trim());
  const announcer = document.getElementById("announcer");
  announcer.textContent = "";
  // A fresh text node after a tick is what screen readers reliably pick up.
  setTimeout(() => { announcer.textContent = spoken.filter(Boolean).join(" "); }, 50);
  // The server's choice comes first (a new ranking step starts at its heading, the presort at
  // its statement); otherwise focus stays where it was on the same step, or goes to the heading.
  const target = main.querySelector("#error")
    || (main.dataset.focus && document.getElementById(main.dataset.focus))
    || (sameStep && focusedID && document.getElementById(focusedID))
    || main.querySelector("h1");
  if (target) {
    // A page that starts at its heading starts at the top, so nothing above the heading is missed.
    if (target.matches("h1, #error")) window.scrollTo(0, 0);
    // What is on the screen already (the placing bar fixed at the bottom of a phone, a sticky
    // Continue) needs no scrolling: it would only move the page behind it.
    const box = target.getBoundingClientRect();
    const onScreen = box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
    if (target.disabled) target.closest("form")?.querySelector("button:not([disabled])")?.focus();
    else target.focus({ preventScroll: onScreen || target.matches("h1, #error") });
  }
  enhance(main, submit);
}

// The browser's Back goes to the previous step where the flow has one (the same as the page's own
// Back or Undo button, typed answers included). Where it has none, the page is loaded again: the
// server shows the step the participant is at whatever the address, so the place is never lost,
// and a further Back leaves as usual.
window.addEventListener("popstate", () => {
  const action = main.dataset.back;
  if (!action) {
    location.reload();
    return;
  }
  goingBack = true;
  const button = main.querySelector(`button[name=action][value="${action}"]`);
  if (button) submit(formRequest(button.form, button));
  else submit({ method: "POST", url: location.pathname, body: new URLSearchParams({ action }) });
});

// A step loaded whole (a reload, a resumed link) with a step behind it gets an entry to come back
// to, so the first Back is a step back too instead of leaving the study.
if (main.dataset.back) history.pushState({ poetq: true }, "", location.href);

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
