// Autosaves the interpretation form (like a participant's sort): a moment after typing stops, the
// form is sent in the background with the revision it was written from; the answer's revision is
// kept for the next save. A save refused as stale says so and keeps the text on the page. "Saved."
// is said only when nothing was typed since the save left; leaving the page sends what is still
// unsaved (a keepalive request outlives the page). Without JavaScript the Save button posts the form.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || form.querySelector("fieldset[disabled]")) return;
  var status = document.getElementById("autosave-status");
  var revision = form.querySelector("input[name=revision]");
  var timer = null;
  var sending = false;
  var again = false;
  var pending = false;

  function say(text) { if (status) status.textContent = text; }

  function send(leaving) {
    if (sending && !leaving) { again = true; return; }
    sending = true;
    pending = false;
    say("Saving…");
    var body = new URLSearchParams(new FormData(form));
    fetch(form.action, {
      method: "POST",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      credentials: "same-origin",
      keepalive: !!leaving
    }).then(function (response) {
      return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
    }).then(function (reply) {
      if (reply.ok && reply.answer.saved) {
        revision.value = reply.answer.revision;
        say(pending ? "Changes not yet saved…" : "Saved.");
      } else {
        say("Not saved: " + (reply.answer.reason || "the server refused it") + " Your text is still here.");
      }
    }).catch(function () {
      say("Not saved: the connection is lost. Your text is still here; it will be sent when you type again.");
    }).then(function () {
      sending = false;
      if (again) { again = false; send(); }
    });
  }

  function later() {
    pending = true;
    clearTimeout(timer);
    say("Changes not yet saved…");
    timer = setTimeout(send, 1200);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  window.addEventListener("pagehide", function () {
    if (!pending) return;
    clearTimeout(timer);
    send(true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    send();
  });
})();
