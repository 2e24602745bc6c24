// Live status for pictures on their way: each card with data-poll-url asks the server
// for its fresh HTML until it is finished. Polling slows down while the tab is hidden.
(function () {
  "use strict";
  var VISIBLE_DELAY_MS = 1500;
  var HIDDEN_DELAY_MS = 15000;

  function poll(card) {
    var url = card.getAttribute("data-poll-url");
    if (!url) return;
    var delay = document.hidden ? HIDDEN_DELAY_MS : VISIBLE_DELAY_MS;
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (!response.ok) throw new Error("status " + response.status);
          return response.text();
        })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html.trim();
          var fresh = holder.firstElementChild;
          card.replaceWith(fresh);
          poll(fresh);
        })
        .catch(function () { poll(card); });
    }, delay);
  }

  function start() {
    document.querySelectorAll("[data-poll-url]").forEach(poll);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
