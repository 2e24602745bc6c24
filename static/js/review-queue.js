// The review queue: picking a preset reason fills the reason in; keyboard shortcuts
// (j/k or arrows, a, r, x, ?) that never fire while typing in a field; and new pictures
// taken in live, by asking the server for the cards newer than the newest it has shown.
(function () {
  "use strict";
  var POLL_MS = 5000;
  var HIDDEN_POLL_MS = 30000;
  var grid = document.getElementById("review-grid");
  if (!grid) return;

  function fillPresets(root) {
    var template = document.getElementById("preset-options");
    root.querySelectorAll("select[data-preset]").forEach(function (select) {
      if (template && select.options.length <= 1) {
        select.appendChild(template.content.cloneNode(true));
      }
    });
  }

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-preset]")) return;
    var reason = select.form && select.form.querySelector("[data-reason]");
    if (reason && select.value) {
      reason.value = select.value;
      reason.focus();
    }
  });

  // --- Keyboard shortcuts ------------------------------------------------------------
  function cards() { return Array.prototype.slice.call(grid.querySelectorAll("[data-review-card]")); }

  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("[data-review-card]") : null;
  }

  function move(step) {
    var all = cards();
    if (!all.length) return;
    var index = all.indexOf(current());
    var next = all[Math.min(Math.max(index + step, 0), all.length - 1)];
    if (index === -1) next = all[0];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  function typing(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable]"));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var card = current();
    var key = event.key;
    if (key === "j" || key === "ArrowDown") { move(1); }
    else if (key === "k" || key === "ArrowUp") { move(-1); }
    else if (key === "?") {
      var help = document.getElementById("keys-help");
      if (help) help.open = !help.open;
    } else if (key === "a" && card) {
      var approve = card.querySelector("form[data-review=approve]");
      if (approve) approve.requestSubmit();
    } else if (key === "r" && card) {
      var reason = card.querySelector("[data-reason]");
      if (reason) reason.focus();
    } else if (key === "x" && card) {
      var box = card.querySelector("input[name=picked]");
      if (box) box.checked = !box.checked;
    } else {
      return;
    }
    event.preventDefault();
  });

  // --- New pictures, live -----------------------------------------------------------
  function poll() {
    window.setTimeout(function () {
      var url = grid.getAttribute("data-arrived-url") + grid.getAttribute("data-newest") +
        "&next=" + encodeURIComponent(grid.getAttribute("data-next"));
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (!response.ok) throw new Error("status " + response.status);
          return response.text();
        })
        .then(function (html) { takeIn(html); poll(); })
        .catch(function () { poll(); });
    }, document.hidden ? HIDDEN_POLL_MS : POLL_MS);
  }

  function takeIn(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var fresh = Array.prototype.slice.call(holder.querySelectorAll("[data-review-card]"));
    if (!fresh.length) return;
    var newest = Number(grid.getAttribute("data-newest"));
    fresh.forEach(function (card) {
      if (document.getElementById(card.id)) return;
      fillPresets(card);
      grid.appendChild(card);
      newest = Math.max(newest, Number(card.getAttribute("data-id")));
    });
    grid.setAttribute("data-newest", String(newest));
    var empty = document.getElementById("queue-empty");
    if (empty) empty.hidden = true;
    var news = document.getElementById("queue-news");
    if (news) {
      news.textContent = "";
      window.setTimeout(function () { news.textContent = news.getAttribute("data-arrived-text"); }, 50);
    }
    grid.dispatchEvent(new CustomEvent("review:arrived", { bubbles: true }));
  }

  poll();
})();
