// Judgmental rotation, previewed in the page: turns the loadings of two factors by the steps the
// researcher takes and redraws the plot, the table and the flags at once. The arithmetic is the
// engine's (JudgmentalRotation, Flagging.automatic); the server recomputes everything on save, so
// this preview never decides a number that is stored.
const form = document.getElementById("rotate-form");
const data = JSON.parse(document.getElementById("rotation-data").textContent);
const first = document.getElementById("first");
const second = document.getElementById("second");
const degrees = document.getElementById("degrees");
const summary = document.getElementById("rotation-summary");
const stepList = document.getElementById("step-list");
const undoButton = document.getElementById("undo");
const redoButton = document.getElementById("redo");
const turnTyped = document.getElementById("turn-typed");
const plot = document.getElementById("plot");
const tableBody = document.querySelector("#rotation-table tbody");
const threshold = data.flagZ / Math.sqrt(data.statements);

let steps = [];
let undone = [];

/// The loadings after every step: x′ = x·cos θ + y·sin θ, y′ = −x·sin θ + y·cos θ.
function rotated() {
  const loadings = data.loadings.map((row) => row.slice());
  for (const [a, b, angle] of steps) {
    const theta = (angle * Math.PI) / 180;
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    for (const row of loadings) {
      const x = row[a - 1];
      const y = row[b - 1];
      row[a - 1] = x * c + y * s;
      row[b - 1] = -x * s + y * c;
    }
  }
  return loadings;
}

/// The factors (1-based) a sort defines: its flags by hand, else |a| > z/√n (and a² > h² − a²).
function flags(sort, row) {
  const manual = data.manualFlags[sort];
  if (manual) return manual.slice();
  const h2 = row.reduce((sum, a) => sum + a * a, 0);
  return row
    .map((a, c) => {
      const significant = Math.abs(a) > threshold;
      return (data.majority ? significant && a * a > h2 - a * a : significant) ? c + 1 : 0;
    })
    .filter((factor) => factor > 0);
}

const fixed = (value, places) => (Math.abs(value) < 0.5 * 10 ** -places ? 0 : value).toFixed(places).replace("-", "−");
const signed = (angle) => `${angle > 0 ? "+" : angle < 0 ? "−" : ""}${Math.abs(angle)}°`;

function svg(tag, attributes, text) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

function drawPlot(loadings, x, y) {
  const size = 480;
  const scale = 210;
  const px = (v) => size / 2 + v * scale;
  const py = (v) => size / 2 - v * scale;
  const root = svg("svg", {
    viewBox: `0 0 ${size} ${size}`,
    role: "img",
    "aria-labelledby": "plot-svg-title",
    class: "loadings-plot",
  });
  root.append(svg("title", { id: "plot-svg-title" }, `Loadings on F${x} (across) and F${y} (up)`));
  root.append(svg("rect", { x: 0, y: 0, width: size, height: size, fill: "#fff" }));
  root.append(svg("circle", { cx: px(0), cy: py(0), r: scale, fill: "none", stroke: "#c9d0d9" }));
  root.append(svg("line", { x1: px(-1), y1: py(0), x2: px(1), y2: py(0), stroke: "#1b1f24" }));
  root.append(svg("line", { x1: px(0), y1: py(-1), x2: px(0), y2: py(1), stroke: "#1b1f24" }));
  for (const t of [-threshold, threshold]) {
    const dash = { stroke: "#4a5360", "stroke-dasharray": "4 4" };
    root.append(svg("line", { x1: px(t), y1: py(-1), x2: px(t), y2: py(1), ...dash }));
    root.append(svg("line", { x1: px(-1), y1: py(t), x2: px(1), y2: py(t), ...dash }));
  }
  root.append(
    svg("text", { x: px(1) - 4, y: py(0) - 8, "text-anchor": "end", "font-size": 18, "font-weight": 700 }, `F${x}`),
  );
  root.append(svg("text", { x: px(0) + 8, y: py(1) + 18, "font-size": 18, "font-weight": 700 }, `F${y}`));
  const points = loadings.map((row, index) => {
    const defines = flags(data.sorts[index], row);
    const marked = defines.includes(x) || defines.includes(y);
    const cx = px(row[x - 1]);
    const cy = py(row[y - 1]);
    root.append(
      svg("circle", { cx, cy, r: 4, fill: marked ? "#1b1f24" : "#fff", stroke: "#1b1f24", "stroke-width": 1.5 }),
    );
    return { cx, cy, label: data.sorts[index] };
  });
  plot.replaceChildren(root);
  placeLabels(root, points, size);
}

const area = (a, b) =>
  Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
// Where a label may stand around its point: beside it first, then on rings further out (joined to
// the point by a thin line), so sorts that load alike keep labels that can each be read.
const directions = [[1, -1], [1, 1], [-1, -1], [-1, 1], [0, -1], [0, 1], [1, 0], [-1, 0]];
const rings = [6, 16, 28, 42, 58];

/// Writes each point's label where it covers no other label and no other point (the least covered
/// place when none is free), measured in the drawn plot.
function placeLabels(root, points, size) {
  const placed = [];
  const markers = points.map((p) => ({ x0: p.cx - 5, y0: p.cy - 5, x1: p.cx + 5, y1: p.cy + 5 }));
  for (const [index, point] of points.entries()) {
    const text = svg("text", { x: point.cx, y: point.cy, "font-size": 14, fill: "#1b1f24" }, point.label);
    root.append(text);
    const measured = text.getBBox();
    const ascent = point.cy - measured.y;
    const [w, h] = [measured.width, measured.height];
    let best = null;
    for (const distance of rings) {
      for (const [dx, dy] of directions) {
        const x0 = point.cx + dx * distance - (dx < 0 ? w : dx === 0 ? w / 2 : 0);
        const y0 = point.cy + dy * distance - (dy < 0 ? h : dy === 0 ? h / 2 : 0);
        const box = { x0, y0, x1: x0 + w, y1: y0 + h };
        const outside = x0 < 0 || y0 < 0 || box.x1 > size || box.y1 > size ? w * h : 0;
        const covered =
          outside +
          placed.reduce((sum, other) => sum + area(box, other), 0) +
          markers.reduce((sum, other, i) => sum + (i === index ? 0 : area(box, other)), 0);
        if (!best || covered < best.covered) best = { box, covered, distance, dx, dy };
        if (covered === 0) break;
      }
      if (best.covered === 0) break;
    }
    placed.push(best.box);
    text.setAttribute("x", best.box.x0);
    text.setAttribute("y", best.box.y0 + ascent);
    if (best.distance > rings[0]) {
      const end = {
        x: Math.min(Math.max(point.cx, best.box.x0), best.box.x1),
        y: Math.min(Math.max(point.cy, best.box.y0), best.box.y1),
      };
      root.insertBefore(
        svg("line", { x1: point.cx, y1: point.cy, x2: end.x, y2: end.y, stroke: "#4a5360", "stroke-width": 1 }),
        text,
      );
    }
  }
}

function drawTable(loadings, x, y) {
  document.getElementById("head-x").textContent = `F${x}`;
  document.getElementById("head-y").textContent = `F${y}`;
  const rows = loadings.map((row, index) => {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = data.sorts[index];
    tr.append(th);
    const cells = [
      data.sites[index],
      fixed(row[x - 1], 4),
      fixed(row[y - 1], 4),
      flags(data.sorts[index], row).map((f) => `F${f}`).join(", ") || "none",
    ];
    cells.forEach((text, column) => {
      const td = document.createElement("td");
      td.textContent = text;
      if (column === 1 || column === 2) td.className = "num";
      tr.append(td);
    });
    return tr;
  });
  tableBody.replaceChildren(...rows);
}

function render() {
  const x = Number(first.value);
  const y = Number(second.value);
  const loadings = rotated();
  const same = x === y;
  for (const button of form.querySelectorAll("[data-turn], #turn-typed")) button.disabled = same;
  if (!same) {
    drawPlot(loadings, x, y);
    drawTable(loadings, x, y);
  }
  undoButton.disabled = steps.length === 0;
  redoButton.disabled = undone.length === 0;
  document.getElementById("steps").value = JSON.stringify(steps);
  stepList.replaceChildren(
    ...steps.map(([a, b, angle]) => {
      const li = document.createElement("li");
      li.textContent = `F${a} and F${b} by ${signed(angle)}`;
      return li;
    }),
  );
  const last = steps[steps.length - 1];
  summary.textContent = same
    ? "Choose two different factors."
    : steps.length === 0
      ? "No rotation yet."
      : `${steps.length} step${steps.length === 1 ? "" : "s"}; last: F${last[0]} and F${last[1]} by ${signed(last[2])}.`;
}

function turn(angle) {
  const x = Number(first.value);
  const y = Number(second.value);
  if (!Number.isFinite(angle) || angle === 0 || x === y) return;
  steps.push([x, y, angle]);
  undone = [];
  render();
}

function turnByTyped() {
  const angle = Number(degrees.value.replace("−", "-").replace(",", "."));
  if (!Number.isFinite(angle) || Math.abs(angle) > 360) {
    summary.textContent = "Write the angle in degrees, from −360 to 360, e.g. 5 or -12.5.";
    degrees.focus();
    return;
  }
  turn(angle);
  degrees.value = "";
}

for (const button of form.querySelectorAll("[data-turn]")) {
  button.addEventListener("click", () => turn(Number(button.dataset.turn)));
}
turnTyped.addEventListener("click", turnByTyped);
degrees.addEventListener("keydown", (event) => {
  if (event.key === "Enter") {
    event.preventDefault();
    turnByTyped();
  }
});
undoButton.addEventListener("click", () => {
  if (steps.length > 0) undone.push(steps.pop());
  render();
});
redoButton.addEventListener("click", () => {
  if (undone.length > 0) steps.push(undone.pop());
  render();
});
// Ctrl+Z / Ctrl+Y (⌘Z / ⌘⇧Z on a Mac) undo and redo a turn, as the buttons do; inside a text field
// they keep undoing typing.
document.addEventListener("keydown", (event) => {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
  if (event.target.closest && event.target.closest("input[type=text], input:not([type]), textarea")) return;
  const key = event.key.toLowerCase();
  const button = key === "z" && !event.shiftKey ? undoButton : key === "y" || key === "z" ? redoButton : null;
  if (!button) return;
  event.preventDefault();
  button.click();
});
first.addEventListener("change", render);
second.addEventListener("change", render);
form.addEventListener("submit", () => {
  // An angle typed but not yet turned counts as the last step; the steps field says what to store.
  if (degrees.value.trim() !== "") turnByTyped();
  degrees.disabled = true;
});
for (const hidden of form.querySelectorAll(".rotate-buttons, #turn-typed, #undo, #redo")) hidden.hidden = false;
render();
