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
          keepShownPartial(card, fresh);
          card.replaceWith(fresh);
          poll(fresh);
        })
        .catch(function () { poll(card); });
    }, delay);
  }

  // The picture so far is loaded again only when a newer one has come: the same one
  // stays on screen as it is, without a flash while it would reload.
  function keepShownPartial(card, fresh) {
    var shown = card.querySelector("[data-partial] img");
    var next = fresh.querySelector("[data-partial] img");
    if (shown && next && shown.getAttribute("src") === next.getAttribute("src")) {
      next.replaceWith(shown);
    }
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
