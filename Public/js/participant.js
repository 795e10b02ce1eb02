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

// Every step is an entry in the browser's history, numbered, so that a popstate tells Back (to a
// lower number: one step back, as the page's own Back or Undo) from Forward (to a higher one:
// there is nothing to redo, and Forward must never undo).
let position = 0;

// A new statement, ranking step or statement to place is not filed by a tap meant for the one
// before: for a moment after it arrives (fading in), taps and keys on the choices are ignored.
const SETTLE_MS = 400;
const CHOICES = ".pile-buttons, .column-buttons, form.ranking, .piles-unplaced, .pyramid";
let settleTimer = 0;

function settle() {
  if (!main.querySelector(".pile-buttons, .column-buttons, form.ranking")) return;
  document.body.classList.add("settling");
  clearTimeout(settleTimer);
  settleTimer = setTimeout(() => document.body.classList.remove("settling"), SETTLE_MS);
}

document.addEventListener("click", (event) => {
  if (!document.body.classList.contains("settling")) return;
  if (!(event.target instanceof Element) || !event.target.closest(CHOICES)) return;
  event.preventDefault();
  event.stopImmediatePropagation();
}, true);

// The condition of instruction under the bar: kept as it is (opened or not) from page to page,
// added when the sort begins and removed after it.
function showInstruction(next) {
  const current = document.getElementById("instruction");
  const replacement = next.getElementById("instruction");
  if (current && replacement) {
    const text = current.querySelector("#instruction-text");
    const nextText = replacement.querySelector("#instruction-text");
    if (text && nextText && text.textContent !== nextText.textContent) text.replaceWith(nextText);
  } else if (current) {
    current.remove();
  } else if (replacement) {
    document.querySelector("header.participant-bar")?.after(replacement);
  }
}

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
  // The page's language and direction come with it (a page in the language the participant chose).
  for (const name of ["lang", "dir"]) {
    const value = next.documentElement.getAttribute(name);
    if (value) document.documentElement.setAttribute(name, value);
  }
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
  showInstruction(next);
  for (const name of ["focus", "step", "history", "back"]) main.dataset[name] = nextMain.dataset[name] || "";
  main.replaceChildren(...nextMain.childNodes);
  settle();
  if (url && url !== location.href && !newEntry) history.replaceState({ poetq: true, position }, "", url);
  if (newEntry) {
    position += 1;
    history.pushState({ poetq: true, position }, "", url || location.href);
  }
  const spoken = [...main.querySelectorAll("#announce, [data-speak]")].map((element) => element.textContent.trim());
  // The question the sort answers is said once as the sort begins (and on each of its stages),
  // not with every statement.
  const instruction = document.getElementById("instruction-text");
  if (!sameStep && instruction) spoken.push(instruction.textContent.trim());
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
window.addEventListener("popstate", (event) => {
  const to = event.state && event.state.poetq ? Number(event.state.position) || 0 : 0;
  if (to > position) {
    // Forward: the page already shows where the participant is.
    position = to;
    return;
  }
  position = to;
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

// A step loaded whole (a resumed link) with a step behind it gets an entry to come back to, so the
// first Back is a step back too instead of leaving the study. A reload keeps its entry's number.
if (history.state && history.state.poetq) {
  position = Number(history.state.position) || 0;
} else {
  history.replaceState({ poetq: true, position: 0 }, "", location.href);
  if (main.dataset.back) {
    position = 1;
    history.pushState({ poetq: true, position }, "", location.href);
  }
}

// Sends a form (or the fields of a drag and drop) and shows the page that comes back.
export function submit(request) {
  if (document.body.classList.contains("busy")) return;
  cancelAutosave();
  document.body.classList.add("busy");
  // A server error is said in the banner (requests.js); the page stays as it was, to try again.
  send(request).then(({ html, url }) => show(html, url), () => {})
    .finally(() => document.body.classList.remove("busy"));
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
