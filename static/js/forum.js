/* Wenda forum: progressive enhancement only. Every feature here also works without JavaScript
   (plain form posts); the CSP forbids inline script, so all behaviour lives in this file. */
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  /* Live Markdown preview: the server renders with the same function it uses on save, so what
     the preview shows is exactly what will be published. */
  function setUpPreview(editor) {
    var textarea = editor.querySelector("textarea");
    var panel = editor.querySelector("[data-preview]");
    var output = editor.querySelector("[data-preview-output]");
    var url = editor.getAttribute("data-preview-url");
    if (!textarea || !panel || !output || !url) { return; }
    var form = textarea.form;
    var latest = 0;
    // The text is checked for seed phrases and keys before it is sent (static/js/secret_guard.js,
    // the server's rule): a pasted secret never leaves the browser for a preview.
    var guard = window.WendaSecretGuard ? window.WendaSecretGuard.forPage() : null;
    var messages = JSON.parse(editor.getAttribute("data-secret-messages") || "null");
    var label = editor.querySelector("label");

    function showRefusal(findings) {
      panel.hidden = false;
      output.textContent = window.WendaSecretGuard.refusal(
        findings, label ? label.textContent.trim() : messages.fields.body, messages);
      output.classList.add("preview-error");
    }

    function refresh() {
      var text = textarea.value;
      if (!text.trim()) {
        panel.hidden = true;
        output.innerHTML = "";
        return;
      }
      var request = ++latest;
      if (!guard || !messages) { send(text, request); return; }
      guard.check(text.replace(/\r\n/g, "\n").trim()).then(function (findings) {
        if (request !== latest) { return; }
        if (findings.length) { showRefusal(findings); } else { send(text, request); }
      }, function () { /* the rule could not load: no preview rather than an unchecked one */ });
    }

    function send(text, request) {
      var body = new FormData();
      body.append("body", text);
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form), "Accept": "application/json" }
      }).then(function (response) {
        return response.json();
      }).then(function (data) {
        if (request !== latest) { return; }  // a newer keystroke already asked again
        panel.hidden = false;
        if (data.html !== undefined) {
          output.innerHTML = data.html;  // sanitised server-side by render_markdown()
          output.classList.remove("preview-error");
        } else {
          output.textContent = data.error || "";
          output.classList.add("preview-error");
        }
      }).catch(function () { /* the preview is a convenience; posting still works */ });
    }

    textarea.addEventListener("input", debounce(refresh, 400));
    if (textarea.value.trim()) { refresh(); }
  }

  /* Votes without a page reload. Without JavaScript the same form posts and redirects back. */
  function setUpVote(form) {
    var score = form.querySelector("[data-vote-score]");
    var errorBox = form.querySelector("[data-vote-error]");
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !window.fetch) { return; }
      event.preventDefault();
      var body = new FormData(form);
      body.append("value", button.value);
      form.classList.add("is-busy");
      fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form), "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        form.classList.remove("is-busy");
        if (!result.ok) {
          errorBox.textContent = result.data.error || "";
          errorBox.hidden = false;
          return;
        }
        errorBox.hidden = true;
        score.textContent = result.data.score;
        form.querySelectorAll("button[data-direction]").forEach(function (other) {
          var direction = other.getAttribute("data-direction");
          var pressed = (direction === "up" && result.data.value === 1) ||
                        (direction === "down" && result.data.value === -1);
          other.classList.toggle("is-pressed", pressed);
          other.setAttribute("aria-pressed", pressed ? "true" : "false");
          other.value = pressed ? "clear" : direction;
        });
      }).catch(function () {
        // Unexpected answer (e.g. the session expired): fall back to the plain form post.
        form.classList.remove("is-busy");
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "value";
        hidden.value = button.value;
        form.appendChild(hidden);
        form.submit();
      });
    });
  }

  function setUpConfirm(form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".markdown-editor").forEach(setUpPreview);
    document.querySelectorAll("form[data-vote-form]").forEach(setUpVote);
    document.querySelectorAll("form[data-confirm]").forEach(setUpConfirm);
  });
})();
