// What the participant's pages add to plain forms: keys 1/2/3 in the presort, a running count of
// the statements chosen, and drag and drop on the grid (always with the same form path behind it,
// so nothing needs dragging).

function onPresortKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  // Like a tap, a key is ignored while a new statement fades in (participant.js).
  if (document.body.classList.contains("settling")) return;
  if (event.target.closest("input, textarea, select")) return;
  const button = document.querySelector(`#main button[data-key="${event.key}"]`);
  if (!button) return;
  event.preventDefault();
  button.form.requestSubmit(button);
}

function countChosen(form) {
  const output = form.querySelector(".chosen-count");
  const count = Number(form.dataset.count);
  const update = () => {
    const chosen = form.querySelectorAll("input[name=chosen]:checked").length;
    const template = chosen > count ? form.dataset.chosenOver : form.dataset.chosenTemplate;
    output.textContent = template.replace("{chosen}", String(chosen)).replace("{count}", String(count));
    output.classList.toggle("over", chosen > count);
  };
  form.addEventListener("change", update);
  update();
}

function dragAndDrop(form, submit) {
  const mode = form.dataset.mode;
  const cards = form.querySelectorAll(".qcard[data-statement]");
  const targets = mode === "place" ? form.querySelectorAll("[data-score]") : cards;
  const revision = form.dataset.revision || form.querySelector("input[name=revision]")?.value || "0";
  let dragged = null;
  for (const card of cards) {
    card.draggable = true;
    card.addEventListener("dragstart", (event) => {
      dragged = card.dataset.statement;
      event.dataTransfer.setData("text/plain", dragged);
      event.dataTransfer.effectAllowed = "move";
    });
  }
  for (const target of targets) {
    target.addEventListener("dragover", (event) => {
      if (dragged === null) return;
      event.preventDefault();
      target.classList.add("drop-target");
    });
    target.addEventListener("dragleave", () => target.classList.remove("drop-target"));
    target.addEventListener("drop", (event) => {
      event.preventDefault();
      event.stopPropagation();
      target.classList.remove("drop-target");
      const statement = dragged;
      dragged = null;
      if (statement === null) return;
      // A full column says so where the statement was dropped; nothing is sent.
      if (mode === "place" && target.classList.contains("full")) {
        target.querySelector(".drop-refused")?.remove();
        const note = document.createElement("p");
        note.className = "drop-refused";
        note.setAttribute("role", "alert");
        note.textContent = target.dataset.fullText;
        // Under the column's heading, where the eye is after a drop, and on screen.
        const heading = target.querySelector(".qcolumn-head");
        if (heading) heading.after(note);
        else target.prepend(note);
        note.scrollIntoView({ block: "nearest" });
        return;
      }
      const body = new URLSearchParams({ revision, statement });
      if (mode === "place") {
        body.set("action", "place");
        body.set("score", target.dataset.score);
      } else {
        if (target.dataset.statement === statement) return;
        body.set("action", "swap");
        body.set("with", target.dataset.statement);
      }
      submit({ method: "POST", url: location.pathname, body });
    });
  }
}

// A key pressed (not a character typed into a field) says a keyboard is in use: the hints that
// name keys appear.
function onAnyKey(event) {
  if (event.target instanceof Element && event.target.closest("input[type=text], textarea")) return;
  document.body.classList.add("keyboard");
}

let keysBound = false;

/// Adds the enhancements to the page content in `root`.
export function enhance(root, submit) {
  if (!keysBound) {
    document.addEventListener("keydown", onPresortKey);
    document.addEventListener("keydown", onAnyKey);
    keysBound = true;
  }
  for (const form of root.querySelectorAll("form.ranking")) countChosen(form);
  for (const form of root.querySelectorAll("form.grid-form")) dragAndDrop(form, submit);
}
