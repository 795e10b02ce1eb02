// The run form counts the sorts it will analyse as sites, languages, answers and single sorts are
// ticked, the same way the server selects them: a sort counts when its site is ticked, its language
// is ticked (when the form lists languages), it gave one of the ticked answers (when any answer is
// ticked), and it is itself still ticked.
const form = document.getElementById("analysis-form");
const count = document.getElementById("selection-count");

function selected() {
  const sites = new Set([...form.querySelectorAll('input[name="site"]:checked')].map((box) => box.value));
  const languageBoxes = [...form.querySelectorAll('input[name="language"]')];
  const languages = new Set(languageBoxes.filter((box) => box.checked).map((box) => box.value));
  const answers = [...form.querySelectorAll('input[name^="answer."]:checked')].map(
    (box) => `${box.name.slice("answer.".length)}=${box.value}`,
  );
  return [...form.querySelectorAll('input[name="sort"]')].filter((box) => {
    if (!box.checked || !sites.has(box.dataset.site)) return false;
    if (languageBoxes.length > 0 && !languages.has(box.dataset.language)) return false;
    if (answers.length === 0) return true;
    const given = new Set(box.dataset.answers.split("\n"));
    return answers.some((answer) => given.has(answer));
  }).length;
}

function update() {
  const total = Number(form.dataset.total);
  const n = selected();
  count.textContent = `${n} of ${total} completed sort${total === 1 ? "" : "s"} selected.`;
  count.classList.toggle("error", n < 2);
}

if (form && count) {
  form.addEventListener("change", update);
  update();
}

// The factor counts follow the extraction: PQMethod's defaults for centroid (7 extracted) and PCA (8),
// both empty for Horst, which stops by itself as PQMethod 5.5 does. A number the researcher typed
// (anything but the previous method's default) is left alone.
const extraction = document.getElementById("extraction");
const factorFields = ["factors", "extractedFactors"].map((id) => document.getElementById(id)).filter(Boolean);
if (extraction && factorFields.length > 0) {
  let previous = extraction.value;
  extraction.addEventListener("change", () => {
    for (const field of factorFields) {
      if (field.value.trim() === (field.dataset[previous] ?? "")) field.value = field.dataset[extraction.value] ?? "";
    }
    previous = extraction.value;
  });
}
