/* The notification bell keeps its count current without a page load: it asks the server for
   the unread count when the tab becomes visible or focused again, and every minute while it is
   visible (a hidden tab costs the server nothing). Without JavaScript the count is the one the
   page was rendered with. */
(function () {
  "use strict";

  var POLL_MS = 60000;

  function render(bell, data) {
    var badge = bell.querySelector(".notification-count");
    var label = bell.querySelector(".visually-hidden");
    if (data.unread > 0) {
      if (!badge) {
        badge = document.createElement("span");
        badge.className = "notification-count";
        badge.setAttribute("aria-hidden", "true");
        bell.insertBefore(badge, label);
      }
      badge.textContent = String(data.unread);
      bell.classList.add("has-unread");
    } else {
      if (badge) { badge.remove(); }
      bell.classList.remove("has-unread");
    }
    if (label && data.label) { label.textContent = data.label; }
  }

  function setUp(bell) {
    var url = bell.getAttribute("data-unread-url");
    if (!url || !window.fetch) { return; }
    var busy = false;

    function refresh() {
      if (busy || document.visibilityState === "hidden") { return; }
      busy = true;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) { render(bell, data); } })
        .catch(function () { /* offline: keep the count shown */ })
        .then(function () { busy = false; });
    }

    window.addEventListener("focus", refresh);
    window.addEventListener("pageshow", refresh);  // back/forward cache shows an old count
    document.addEventListener("visibilitychange", refresh);
    window.setInterval(refresh, POLL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var bell = document.querySelector(".notification-bell[data-unread-url]");
    if (bell) { setUp(bell); }
  });
})();
