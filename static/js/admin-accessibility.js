// Django 5.2's two-box picker (SelectFilter2.js) names its magnifier icon with aria-label
// on a <span> with no role, which assistive technology ignores; as an image it is read.
(function () {
  "use strict";
  function nameIcons() {
    document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  // The picker is built on the window's load event, after this script has run.
  window.addEventListener("load", function () { window.setTimeout(nameIcons, 0); });
})();
