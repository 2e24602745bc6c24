// Live status for pictures on their way: each card with data-poll-url asks the server
// for its fresh HTML until it is finished. Polling slows down while the tab is hidden.
// When a card's status changes, a polite live region (#live-status, added while cards
// are on their way) says so: the card's data-announce, its prompt and its new status.
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
          var changed = fresh.getAttribute("data-status") !== card.getAttribute("data-status");
          card.replaceWith(fresh);
          if (changed) announce(fresh.getAttribute("data-announce"));
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

  function announce(text) {
    var region = document.getElementById("live-status");
    if (!region || !text) return;
    // Emptied first, so the same words said twice are read twice.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // Made before any change, or the first announcement could go unheard. Not a "status"
  // role: the painter's own status line stays the page's only one.
  function addLiveRegion() {
    if (document.getElementById("live-status")) return;
    var region = document.createElement("div");
    region.id = "live-status";
    region.className = "visually-hidden";
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-atomic", "true");
    (document.querySelector("main") || document.body).prepend(region);
  }

  function start() {
    var cards = document.querySelectorAll("[data-poll-url]");
    if (cards.length) addLiveRegion();
    cards.forEach(poll);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
