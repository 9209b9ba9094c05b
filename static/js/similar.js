// Ask page: while the title is typed, list existing questions and FAQ entries that look alike
// (POST /api/similar with the title and body as form fields and the form's CSRF token: the body
// never goes into a URL). Debounced; one request in flight (the previous one is aborted) and a
// sequence number drops any response that is not the latest. Texts come from data- attributes;
// a result in the other language than the page's is labelled with that language's name.
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

    function lookUp() {
      var query = { title: title.value.trim(), body: body ? body.value.trim().slice(0, 500) : "" };
      var key = query.title + "\n" + query.body;
      if (key === lastQuery) { return; }
      lastQuery = key;
      if (!query.title) { clear(); return; }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      var mine = ++sequence;
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

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, DEBOUNCE_MS);
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
    if (body) { body.addEventListener("change", schedule); }
    if (title.value.trim()) { schedule(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-similar-form]");
    if (form) { setUp(form); }
  });
})();
