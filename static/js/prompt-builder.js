// The prompt builder (templates/generation/_prompt_builder.html): as the child types in
// the parts, they are put together in the form's prompt box, which the child can still
// change. Once the box holds words of the child's own, the builder leaves them alone
// until asked to put the parts in again. The rule is compose_from_parts in
// generation/prompt_builder.py, which the server uses without JavaScript: change both.
(function () {
  "use strict";
  var AFTER_THE_SUBJECT = ["setting", "details", "style", "quality"];

  function tidy(part) {
    return part.replace(/\s+/g, " ").replace(/^[\s,]+|[\s,]+$/g, "");
  }

  function compose(parts) {
    var first = [tidy(parts.subject || ""), tidy(parts.action || "")]
      .filter(Boolean)
      .join(" ");
    var phrases = [first].concat(AFTER_THE_SUBJECT.map(function (name) {
      return tidy(parts[name] || "");
    }));
    var prompt = phrases.filter(Boolean).join(", ");
    if (!prompt) return "";
    var initial = String.fromCodePoint(prompt.codePointAt(0));
    return initial.toUpperCase() + prompt.slice(initial.length);
  }

  function start(builder) {
    var form = builder.closest("form");
    var box = form && form.querySelector("textarea[name=prompt]");
    if (!box) return;
    var inputs = builder.querySelectorAll("[data-builder-part]");
    var changed = builder.querySelector("[data-builder-changed]");
    var reuse = builder.querySelector("[data-builder-reuse]");

    function parts() {
      var found = {};
      inputs.forEach(function (input) {
        found[input.getAttribute("data-builder-part")] = input.value;
      });
      return found;
    }

    var written = compose(parts());
    // A form shown again after an error, sent with parts but no words in the box.
    if (box.value === "" && written) box.value = written;

    function fill() {
      written = compose(parts());
      box.value = written;
      changed.hidden = true;
    }

    builder.addEventListener("input", function (event) {
      if (!event.target.hasAttribute("data-builder-part")) return;
      if (box.value === "" || box.value === written) {
        fill();
      } else {
        changed.hidden = false;
      }
    });
    box.addEventListener("input", function () {
      if (box.value === "" || box.value === written) changed.hidden = true;
    });
    reuse.addEventListener("click", function () {
      fill();
      box.focus();
    });
  }

  function startAll() {
    document.querySelectorAll("[data-prompt-builder]").forEach(start);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
