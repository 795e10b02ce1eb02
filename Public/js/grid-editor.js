// Grid editor: keeps the "columns hold N statements" line up to date as capacities are typed, so
// the researcher sees at once whether the grid fits the Q-set. The server checks again on save.
const form = document.querySelector('[data-grid-editor]');
const total = document.getElementById('grid-total');
if (form && total) {
  const statements = Number(form.dataset.statements);
  const update = () => {
    const forced = form.querySelector('input[name="kind"]:checked')?.value !== 'free';
    let sum = 0;
    let bad = false;
    for (const input of form.querySelectorAll('[data-capacity]')) {
      const value = input.value.trim();
      const number = /^\d+$/.test(value) ? Number(value) : NaN;
      input.setAttribute('aria-invalid', Number.isNaN(number) ? 'true' : 'false');
      if (Number.isNaN(number)) bad = true; else sum += number;
    }
    const fits = !bad && (!forced || sum === statements);
    let message = `The columns hold ${sum} statements; the Q-set has ${statements}.`;
    if (bad) message += ' Every capacity must be a whole number.';
    else if (forced && sum < statements) message += ` Add ${statements - sum}.`;
    else if (forced && sum > statements) message += ` Remove ${sum - statements}.`;
    total.textContent = message;
    total.className = fits ? 'ok' : 'error';
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
}
