// Requests to the server, one at a time and in order. Each post carries the revision of the page
// it came from; a request that fails for want of a connection (or a proxy's 502, 503, 504: the
// server is restarting or out of reach) is retried with the same revision and body, waiting longer
// each time, until it gets through, which the server answers as done if the first attempt had
// already been saved. Any other server error would only fail again: it is said at once, with its
// reference, and nothing is retried. The banner says what is happening meanwhile.

const body = document.body;
const banner = document.getElementById("connection");
let queue = Promise.resolve();
let revision = currentRevision(document);

function currentRevision(root) {
  const field = root.querySelector("input[name=revision]");
  return field ? Number(field.value) : 0;
}

// What the banner shows: nothing, a connection problem, or a background save the server refused
// (a refusal stays until the next page arrives).
let shown = "";

function say(text, ok, kind = "connection") {
  banner.hidden = !text;
  banner.textContent = text || "";
  banner.classList.toggle("ok", Boolean(ok));
  shown = text ? kind : "";
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Server statuses that a later attempt can cure: a proxy in front of POETQ found it down or slow.
const transient = new Set([502, 503, 504]);

// A server error that trying again would not cure, with the reference the error page gives.
class ServerError extends Error {
  constructor(status, reference) {
    super(`server error ${status}`);
    this.reference = reference;
  }
}

// The reference of a server error page (in its <code>), or "" (a JSON answer carries none).
async function referenceOf(response) {
  try {
    const text = await response.text();
    const match = /<code>([A-Za-z0-9_-]{4,})<\/code>/.exec(text);
    return match ? match[1] : "";
  } catch {
    return "";
  }
}

async function attempt(request, accept) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 20000);
  try {
    const options = { method: request.method, headers: { Accept: accept }, signal: controller.signal };
    let url = request.url;
    if (request.method === "GET") url += (url.includes("?") ? "&" : "?") + request.body.toString();
    else options.body = request.body;
    const response = await fetch(url, options);
    if (transient.has(response.status)) throw new Error(`server unavailable ${response.status}`);
    if (response.status >= 500) throw new ServerError(response.status, await referenceOf(response));
    return response;
  } finally {
    clearTimeout(timer);
  }
}

// Tries until the server answers; only a connection that never comes back keeps it waiting.
async function deliver(request, accept) {
  if (request.method === "POST") request.body.set("revision", String(revision));
  // Every post says the page's language (a drag and drop builds its own body), so the participant's
  // action keeps the language they read the page in.
  const lang = document.documentElement.lang;
  if (request.method === "POST" && lang && !request.body.has("lang")) request.body.set("lang", lang);
  let delay = 1000;
  for (let failures = 0; ; failures++) {
    try {
      const response = await attempt(request, accept);
      if (failures > 0) {
        say(body.dataset.connectionBack, true);
        setTimeout(() => say(""), 4000);
      }
      return response;
    } catch (error) {
      if (error instanceof ServerError) {
        // Said until the next page arrives: the participant tries again or reloads.
        say(error.reference
          ? body.dataset.serverError.replace("{reference}", error.reference)
          : body.dataset.serverErrorPlain, false, "refusal");
        throw error;
      }
      say(body.dataset.connectionLost.replace("{seconds}", String(Math.round(delay / 1000))));
      await wait(delay);
      say(body.dataset.connectionRetrying);
      delay = Math.min(delay * 2, 16000);
    }
  }
}

function enqueue(task) {
  const result = queue.then(task);
  queue = result.catch(() => {});
  return result;
}

/// Sends a page request (a form, a drag and drop) and resolves with the page that comes back.
export function send(request) {
  return enqueue(async () => {
    const response = await deliver(request, "text/html");
    if (shown === "refusal") say("");
    const html = await response.text();
    const next = new DOMParser().parseFromString(html, "text/html");
    revision = currentRevision(next) || revision;
    return { html, url: response.url };
  });
}

// The one background save waiting for typing to stop, if any.
let pending = null;

/// Drops a background save that has not started: the form is being sent whole (its fields go
/// with it), or its page has been replaced, so the save would only arrive after the step is over.
export function cancelAutosave() {
  clearTimeout(pending);
  pending = null;
}

/// Saves what is typed into a questionnaire or the comments a moment after typing stops.
export function autosave(form) {
  cancelAutosave();
  pending = setTimeout(() => {
    pending = null;
    const data = new URLSearchParams(new FormData(form));
    data.set("action", "save");
    enqueue(async () => {
      const response = await deliver({ method: "POST", url: form.getAttribute("action"), body: data }, "application/json");
      const result = await response.json();
      if (typeof result.revision === "number") revision = result.revision;
      // The participant's refusal is a text from the page's catalogue; any other error answer
      // (`{"error": true}`: too large, too many requests) is said with the page's own words.
      if (result.error) say(typeof result.error === "string" ? result.error : body.dataset.serverErrorPlain, false, "refusal");
    }).catch(() => {}); // a server error is in the banner already
  }, 800);
}
