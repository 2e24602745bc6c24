// The assignment form's "most this can cost" follows the pictures-per-student box as the
// teacher types (the server works out the same sum whenever the form is shown).
(function () {
  "use strict";
  var box = document.getElementById("most-cost");
  var limit = document.getElementById("id_image_limit");
  if (!box || !limit) { return; }
  var students = Number(box.dataset.students);
  var price = Number(box.dataset.price);
  var total = document.getElementById("most-cost-total");
  var pictures = box.querySelectorAll("[data-most-cost-pictures]");
  function update() {
    var each = Math.max(Math.floor(Number(limit.value)) || 0, 0);
    pictures.forEach(function (span) { span.textContent = String(each); });
    var amount = (students * each * price).toLocaleString(document.documentElement.lang || "en", {
      minimumFractionDigits: 2, maximumFractionDigits: 2
    });
    total.textContent = (box.dataset.format || "$%(amount)s").replace("%(amount)s", amount);
  }
  limit.addEventListener("input", update);
  // A number typed before this script ran (it is deferred) is counted too.
  update();
})();
