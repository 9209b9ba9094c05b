// Ask page: while the title is typed, list existing questions and FAQ entries that look alike
// (POST /api/similar with the title and body as form fields and the form's CSRF token: the body
// never goes into a URL). Debounced; one request in flight (the previous one is aborted) and a
// sequence number drops any response that is not the latest. Texts come from data- attributes;
// a result in the other language than the page's is labelled with that language's name.
// Before any request, static/js/secret_guard.js checks the title and details with the server's
// seed-phrase and key rule: when it finds one, nothing is sent, the suggestions go and the
// server's own explanation shows (#secret-warning). Until the rule's files have loaded, or if
// they cannot be, nothing is sent either.
(function () {
  "use strict";

  var DEBOUNCE_MS = 250;

  function setUp(form) {
    var box = document.getElementById("similar-box");
    var status = document.getElementById("similar-status");
    var title = form.querySelector("[name=title]");
    var body = form.querySelector("[name=body]");
    if (!box || !title || !window.fetch) { return; }
    var list = box.querySelector(".similar-list");
    var heading = box.querySelector(".similar-heading");
    var text = function (name) { return box.getAttribute("data-text-" + name) || ""; };
    var pageLanguage = box.getAttribute("data-language") || "";
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var timer = null;
    var sequence = 0;
    var controller = null;
    var lastQuery = null;
    var warning = document.getElementById("secret-warning");
    var guard = window.WendaSecretGuard ? window.WendaSecretGuard.forPage() : null;
    var messages = warning ? JSON.parse(warning.getAttribute("data-secret-messages")) : null;

    var announced = null;

    function announce(count) {
      // Screen readers hear a change, not every keystroke that leaves the count as it was.
      if (count === announced) { return; }
      announced = count;
      if (count === 0) { status.textContent = text("none"); return; }
      status.textContent = count === 1 ? text("found-one")
        : text("found-many").replace("%(count)s", String(count));
    }

    function clear() {
      list.textContent = "";
      box.hidden = true;
    }

    function render(results) {
      list.textContent = "";
      results.forEach(function (result) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = result.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.className = "similar-link";
        var titleText = document.createElement("span");
        titleText.className = "similar-title";
        titleText.textContent = result.title;
        link.appendChild(titleText);
        if (result.language && pageLanguage && result.language !== pageLanguage
            && text("language-" + result.language)) {
          var language = document.createElement("span");
          language.className = "similar-language";
          language.lang = result.language;
          language.textContent = text("language-" + result.language);
          link.appendChild(language);
        }
        var meta = [];
        if (result.kind === "faq") { meta.push(text("faq")); }
        else {
          if (result.solved) { meta.push(text("solved")); }
          meta.push(result.answer_count === 1 ? text("answers-one")
            : text("answers-many").replace("%(count)s", String(result.answer_count)));
        }
        var metaText = document.createElement("span");
        metaText.className = "similar-meta";
        metaText.textContent = meta.join(" · ");
        link.appendChild(metaText);
        if (result.excerpt) {
          var excerpt = document.createElement("span");
          excerpt.className = "similar-excerpt";
          excerpt.textContent = result.excerpt;
          link.appendChild(excerpt);
        }
        var hint = document.createElement("span");
        hint.className = "visually-hidden";
        hint.textContent = " " + text("new-tab");
        link.appendChild(hint);
        item.appendChild(link);
        list.appendChild(item);
      });
      heading.textContent = text("heading");
      box.hidden = results.length === 0;
      announce(results.length);
    }

    function showWarning(message) {
      warning.querySelector(".secret-warning-reason").textContent = message;
      warning.querySelector(".secret-warning-paused").textContent = messages.paused;
      warning.hidden = false;
    }

    function hideWarning() {
      if (warning) { warning.hidden = true; }
    }

    function fullBody() {
      // As the server checks it (core.text.clean_text): the whole text, trimmed.
      return body ? body.value.replace(/\r\n/g, "\n").trim() : "";
    }

    function refusalFor(texts) {
      // Secrets in the title, the whole details, or the part of them that would be sent:
      // the server's message for the first field that has one, or null.
      if (!guard) { return Promise.reject(new Error("static/js/secret_guard.js is missing")); }
      return Promise.all(texts.map(function (entry) { return guard.check(entry[1]); }))
        .then(function (found) {
          for (var i = 0; i < found.length; i++) {
            if (found[i].length) {
              return window.WendaSecretGuard.refusal(found[i], messages.fields[texts[i][0]],
                messages);
            }
          }
          return null;
        });
    }

    function send(query, mine) {
      controller = window.AbortController ? new AbortController() : null;
      var fields = new URLSearchParams();
      fields.append("title", query.title);
      fields.append("body", query.body);
      fetch(box.getAttribute("data-similar-url"), {
        method: "POST", body: fields, credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
        signal: controller ? controller.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (mine !== sequence) { return; }  // a newer request was sent meanwhile
          render(data.results || []);
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") { return; }
          if (mine === sequence) { clear(); }
        });
    }

    function lookUp() {
      var query = { title: title.value.trim(), body: body ? body.value.trim().slice(0, 500) : "" };
      var whole = fullBody();
      var key = query.title + "\n" + query.body + "\n" + whole;
      if (key === lastQuery) { return; }
      lastQuery = key;
      if (controller) { controller.abort(); controller = null; }
      var mine = ++sequence;
      refusalFor([["title", query.title], ["body", whole], ["body", query.body]])
        .then(function (refusal) {
          if (mine !== sequence) { return; }
          if (refusal !== null) { block(refusal); return; }
          hideWarning();
          if (!query.title) { clear(); return; }
          send(query, mine);
        })
        .catch(function (error) {
          // The rule could not be had (its files failed to load): send nothing.
          if (mine === sequence) { clear(); }
          lastQuery = null;  // try again on the next change
          if (window.console) { window.console.warn("No similar questions:", error); }
        });
    }

    function block(refusal) {
      ++sequence;  // what is in flight answers for a text that is gone
      if (controller) { controller.abort(); controller = null; }
      clear();
      showWarning(refusal);
    }

    var checkSequence = 0;
    function checkOnly() {
      // While the details are typed: the warning follows the text; the server is asked nothing.
      var mine = ++checkSequence;
      var whole = fullBody();
      refusalFor([["title", title.value.trim()], ["body", whole]])
        .then(function (refusal) {
          if (mine !== checkSequence) { return; }
          if (refusal !== null) {
            block(refusal);
            lastQuery = null;  // a full look-up checks again once the text is clean
          } else if (warning && !warning.hidden) {
            hideWarning();
            lookUp();  // clean again: the suggestions may come back
          }
        })
        .catch(function () { /* lookUp() reports it */ });
    }

    var checkTimer = null;
    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, DEBOUNCE_MS);
    }

    function scheduleCheck() {
      window.clearTimeout(checkTimer);
      checkTimer = window.setTimeout(checkOnly, DEBOUNCE_MS);
    }

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

    // Keyboard: Down from the title enters the list, Up/Down move in it, Escape goes back.
    title.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && !box.hidden && links().length) {
        event.preventDefault();
        links()[0].focus();
      }
    });
    list.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < all.length - 1) {
        event.preventDefault();
        all[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (at > 0) { all[at - 1].focus(); } else { title.focus(); }
      } else if (event.key === "Escape") {
        event.preventDefault();
        title.focus();
      }
    });

    title.addEventListener("input", schedule);
    // The details ask the server again when they change (on leaving the field, as before);
    // while they are typed only the secret check runs, so the warning follows the text.
    if (body) {
      body.addEventListener("input", scheduleCheck);
      body.addEventListener("change", schedule);
    }
    if (title.value.trim() || fullBody()) { schedule(); }

    // Posting: the server refuses a secret anyway (core.secrets.ensure_no_secrets), but then
    // the secret has travelled. Checked here first, a refused text stays in the browser and
    // the warning says why; a clean one, or any when the rule cannot be had, posts as usual.
    var checkedSubmit = false;
    form.addEventListener("submit", function (event) {
      if (checkedSubmit || !guard) { checkedSubmit = false; return; }
      event.preventDefault();
      var submitter = event.submitter;
      function post() {
        // In a task of its own: the check can settle in a microtask while this submit event is
        // still being dispatched, and a form ignores requestSubmit() until that has ended.
        window.setTimeout(function () {
          checkedSubmit = true;
          if (form.requestSubmit) { form.requestSubmit(submitter || undefined); }
          else { form.submit(); }
        }, 0);
      }
      refusalFor([["title", title.value.trim()], ["body", fullBody()]]).then(function (refusal) {
        if (refusal === null) { post(); return; }
        block(refusal);
        warning.focus();
      }, post);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-similar-form]");
    if (form) { setUp(form); }
  });
})();
