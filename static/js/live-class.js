// The class right now: the live part of the page (#live-class) asks the server for its
// fresh HTML every few seconds, more slowly while the tab is hidden. It is replaced only
// when it changed, and the element that had the keyboard focus gets it back.
(function () {
  "use strict";
  var HIDDEN_DELAY_MS = 30000;

  function start() {
    var holder = document.getElementById("live-class");
    if (!holder) return;
    var url = holder.getAttribute("data-live-url");
    var seconds = parseInt(holder.getAttribute("data-poll-seconds"), 10) || 5;
    var shown = holder.innerHTML.trim();

    function later() {
      window.setTimeout(poll, document.hidden ? HIDDEN_DELAY_MS : seconds * 1000);
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (!response.ok) throw new Error("status " + response.status);
          return response.text();
        })
        .then(function (html) {
          var fresh = html.trim();
          if (fresh !== shown) {
            var focused = document.activeElement;
            var hadFocus = focused && holder.contains(focused);
            holder.innerHTML = fresh;
            shown = fresh;
            if (hadFocus) {
              var again = holder.querySelector("[tabindex='0']");
              if (again) again.focus();
            }
          }
          later();
        })
        .catch(later);
    }
    later();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
