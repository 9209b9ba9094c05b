/* Wenda: images in the Markdown editor (questions, answers, FAQ entries).

   A button, drag and drop onto the editor, and paste from the clipboard all upload through
   POST data-upload-url (multipart field "image", the form's CSRF token), one request per file,
   several at once. While a file uploads, a placeholder line "![Uploading name…]()" stands at
   the cursor; the server's answer {"markdown": ...} replaces it, or its {"error": ...} is shown
   and the placeholder removed. Only placeholders are ever rewritten, with setRangeText's
   "preserve" mode, so what the user types meanwhile and their cursor stay where they were.
   The live preview (forum.js) hears an "input" event after each change.

   Progressive enhancement: the controls are rendered hidden and only shown here; the editor
   has no data-upload-url (and this file is not loaded) where uploads are not served, and
   without JavaScript the form's plain file field (name "image") is used instead, which this
   file hides because the button does its job. Texts come from data- attributes (translated in
   the template); the CSP forbids inline script, so all behaviour lives here. */
(function () {
  "use strict";

  if (window.wendaUploadsLoaded) { return; }  // the editor include may appear twice on a page
  window.wendaUploadsLoaded = true;

  var ACCEPTED_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"];
  var TIMEOUT_MS = 120000;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function hasFiles(dataTransfer) {
    return !!dataTransfer && Array.prototype.indexOf.call(dataTransfer.types || [], "Files") !== -1;
  }

  function hideFallbackField(form, textarea) {
    var input = form && form.querySelector("input[type=file][name=image]");
    if (!input) { return; }
    var container = input.closest("[data-upload-fallback], .field");
    if (container && !container.contains(textarea)) {  // never the editor itself
      container.hidden = true;
      return;
    }
    input.hidden = true;
    var label = input.id && form.querySelector("label[for='" + input.id + "']");
    if (label) { label.hidden = true; }
  }

  function setUp(editor) {
    var textarea = editor.querySelector("textarea");
    var bar = editor.querySelector("[data-upload-bar]");
    var url = editor.getAttribute("data-upload-url");
    if (!textarea || !bar || !url || !window.FormData || !window.XMLHttpRequest) { return; }
    if (editor.hasAttribute("data-upload-ready")) { return; }
    editor.setAttribute("data-upload-ready", "");
    var form = textarea.form;
    var button = bar.querySelector("[data-upload-button]");
    var input = bar.querySelector("[data-upload-input]");
    var progressList = bar.querySelector("[data-upload-progress]");
    var errorList = bar.querySelector("[data-upload-error]");
    var pending = 0;
    var dragDepth = 0;

    function text(name) { return editor.getAttribute("data-upload-text-" + name) || ""; }

    function changed() {
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function showError(message) {
      var item = document.createElement("li");
      item.textContent = message;
      errorList.appendChild(item);
      errorList.hidden = false;
    }

    function clearErrors() {
      errorList.textContent = "";
      errorList.hidden = true;
    }

    function cleanName(file) {
      // The name goes inside "![...]()": brackets or a line break would end the Markdown.
      var name = (file.name || "image").replace(/[\[\]()\r\n\\]/g, " ").trim();
      return name || "image";
    }

    function placeholderFor(name) {
      var label = fill(text("placeholder"), { name: name });
      var placeholder = "![" + label + "]()";
      for (var n = 2; textarea.value.indexOf(placeholder) !== -1; n++) {
        placeholder = "![" + label + " (" + n + ")]()";
      }
      return placeholder;
    }

    /* The placeholder goes on a line of its own at the cursor (replacing a selection, as a paste
       would); the cursor ends right after it, so several files land one under another. Returns
       the line breaks it added, which go again with the placeholder if the upload fails. */
    function insertPlaceholder(placeholder) {
      var start = textarea.selectionStart;
      var end = textarea.selectionEnd;
      var before = textarea.value.slice(0, start);
      var after = textarea.value.slice(end);
      var added = {
        before: before !== "" && before.slice(-1) !== "\n",
        after: after !== "" && after.charAt(0) !== "\n"
      };
      var inserted = (added.before ? "\n" : "") + placeholder + (added.after ? "\n" : "");
      textarea.setRangeText(inserted, start, end, "start");
      var caret = start + (added.before ? 1 : 0) + placeholder.length;
      textarea.setSelectionRange(caret, caret);
      changed();
      return added;
    }

    function replacePlaceholder(placeholder, replacement, added) {
      var value = textarea.value;
      var start = value.indexOf(placeholder);
      if (start === -1) { return; }  // the user deleted it: they no longer want the image
      var end = start + placeholder.length;
      if (!replacement) {
        if (added.after && value.charAt(end) === "\n") {
          end += 1;
        } else if (added.before && value.charAt(start - 1) === "\n") {
          start -= 1;
        }
      }
      textarea.setRangeText(replacement, start, end, "preserve");
      changed();
    }

    function progressItem(name) {
      var item = document.createElement("li");
      var label = document.createElement("span");
      label.textContent = fill(text("placeholder"), { name: name });
      var bar = document.createElement("progress");
      bar.max = 1;
      bar.value = 0;
      var percent = document.createElement("span");
      percent.className = "upload-percent";
      percent.textContent = "0%";
      item.appendChild(label);
      item.appendChild(bar);
      item.appendChild(percent);
      progressList.appendChild(item);
      return {
        update: function (loaded, total) {
          bar.value = total ? loaded / total : 0;
          percent.textContent = Math.floor(100 * bar.value) + "%";
          // All bytes sent: the server is still checking the image; say "busy", not "100%".
          if (total && loaded >= total) { bar.removeAttribute("value"); }
        },
        remove: function () { item.remove(); }
      };
    }

    function parse(xhr) {
      try { return JSON.parse(xhr.responseText); } catch (error) { return null; }
    }

    function upload(file) {
      var name = cleanName(file);
      if (file.type && ACCEPTED_TYPES.indexOf(file.type) === -1) {
        showError(fill(text("not-image"), { name: name }));
        return;
      }
      var placeholder = placeholderFor(name);
      var added = insertPlaceholder(placeholder);
      var progress = progressItem(name);
      pending += 1;
      editor.classList.add("is-uploading");

      function finish(markdown, error) {
        pending -= 1;
        if (!pending) { editor.classList.remove("is-uploading"); }
        progress.remove();
        replacePlaceholder(placeholder, markdown, added);
        if (error) { showError(error); }
      }

      var body = new FormData();
      body.append("image", file, file.name || name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.timeout = TIMEOUT_MS;
      var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
      if (token) { xhr.setRequestHeader("X-CSRFToken", token.value); }
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) { progress.update(event.loaded, event.total); }
      });
      xhr.addEventListener("load", function () {
        var data = parse(xhr);
        if (xhr.status >= 200 && xhr.status < 300 && data && data.markdown) {
          finish(data.markdown, "");
        } else if (data && data.error) {
          finish("", fill(text("refused"), { name: name, error: data.error }));
        } else {
          finish("", fill(text("failed"), { name: name }));  // a proxy's page, a server error
        }
      });
      function failed() { finish("", fill(text("failed"), { name: name })); }
      xhr.addEventListener("error", failed);
      xhr.addEventListener("timeout", failed);
      xhr.addEventListener("abort", failed);
      xhr.send(body);
    }

    function uploadAll(files) {
      if (!files || !files.length) { return; }
      clearErrors();
      // Copy first: a FileList from the input is emptied when the input is reset.
      Array.prototype.slice.call(files).forEach(upload);
    }

    button.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      uploadAll(input.files);
      input.value = "";  // choosing the same file again is a new upload
    });

    textarea.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      // Text wins: a spreadsheet or a web page puts a picture of what was copied beside it.
      if (!data || Array.prototype.indexOf.call(data.types || [], "text/plain") !== -1) { return; }
      var files = Array.prototype.filter.call(data.files || [], function (file) {
        return /^image\//.test(file.type);
      });
      if (!files.length) { return; }
      event.preventDefault();
      uploadAll(files);
    });

    editor.addEventListener("dragenter", function (event) {
      if (!hasFiles(event.dataTransfer)) { return; }
      dragDepth += 1;
      editor.classList.add("is-dropping");
    });
    editor.addEventListener("dragover", function (event) {
      if (!hasFiles(event.dataTransfer)) { return; }
      event.preventDefault();  // allows the drop
      event.dataTransfer.dropEffect = "copy";
    });
    editor.addEventListener("dragleave", function (event) {
      if (!hasFiles(event.dataTransfer)) { return; }
      dragDepth = Math.max(0, dragDepth - 1);
      if (!dragDepth) { editor.classList.remove("is-dropping"); }
    });
    editor.addEventListener("drop", function (event) {
      dragDepth = 0;
      editor.classList.remove("is-dropping");
      if (!hasFiles(event.dataTransfer)) { return; }
      event.preventDefault();
      uploadAll(event.dataTransfer.files);
    });

    if (form) {
      form.addEventListener("submit", function (event) {
        // Posting now would publish "![Uploading…]()" instead of the image.
        if (!pending) { return; }
        event.preventDefault();
        event.stopImmediatePropagation();
        clearErrors();
        showError(text("busy"));
      }, true);  // capture: before the page's other submit handlers (similar.js) act on it
    }

    hideFallbackField(form, textarea);
    bar.hidden = false;
  }

  function setUpAll() {
    document.querySelectorAll(".markdown-editor[data-upload-url]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
