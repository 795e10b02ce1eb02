// Autosaves the interpretation form (like a participant's sort): a moment after typing stops, the
// form is sent in the background with the revision it was written from; the answer's revision is
// kept for the next save. A save refused as stale says so and keeps the text on the page. Without
// JavaScript the Save button posts the form.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || form.querySelector("fieldset[disabled]")) return;
  var status = document.getElementById("autosave-status");
  var revision = form.querySelector("input[name=revision]");
  var timer = null;
  var sending = false;
  var again = false;

  function say(text) { if (status) status.textContent = text; }

  function send() {
    if (sending) { again = true; return; }
    sending = true;
    say("Saving…");
    var body = new URLSearchParams(new FormData(form));
    fetch(form.action, {
      method: "POST",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
    }).then(function (reply) {
      if (reply.ok && reply.answer.saved) {
        revision.value = reply.answer.revision;
        say("Saved.");
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
    clearTimeout(timer);
    say("Changes not yet saved…");
    timer = setTimeout(send, 1200);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    send();
  });
})();
