// After a form comes back with a problem, focus goes to the first problem on the page (a
// form's error list, or a notice marked data-focus-problem), so the child hears what to
// fix first; Tab goes on to the field. (A page that says what happened to what was sent
// focuses its messages with `autofocus` instead.)
(function () {
  "use strict";
  function start() {
    if (document.getElementById("messages")) return; // read first, and they come first
    var problem = document.querySelector("main .errorlist, main [data-focus-problem]");
    if (!problem) return;
    problem.setAttribute("tabindex", "-1");
    problem.focus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
