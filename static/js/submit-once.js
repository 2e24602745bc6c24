// A form marked data-submit-once is sent once: on submit its button is disabled, marked
// busy and says "Sending…" (its data-sending-text, translated on the server). The server
// refuses a repeat anyway (a one-time token); this saves a child the confusion of a
// second click. Coming back to the page with the browser's Back button enables it again.
(function () {
  "use strict";

  function sending(form) {
    form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
      if (!button.hasAttribute("data-idle-text")) {
        button.setAttribute("data-idle-text", button.textContent);
      }
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      var text = button.getAttribute("data-sending-text");
      if (text) button.textContent = text;
    });
  }

  function idle(form) {
    form.querySelectorAll("button[data-idle-text]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.textContent = button.getAttribute("data-idle-text");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-submit-once")) return;
    if (form.getAttribute("data-sending") === "true") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-sending", "true");
    // After the browser has taken the form's data: a disabled button is not sent.
    window.setTimeout(function () { sending(form); }, 0);
  });

  // A page restored from the back-forward cache keeps its disabled button otherwise.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      form.removeAttribute("data-sending");
      idle(form);
    });
  });
})();
