// Tuoyu's only script: progressive enhancements, the pages work without it.
// - forms (or buttons) with data-confirm ask before they are sent;
// - a select inside [data-autosubmit] sends its form when it changes.
(function () {
  "use strict";
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var btn = ev.submitter;
    var msg = (btn && btn.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) {
      ev.preventDefault();
    }
  });
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el.tagName === "SELECT" && el.closest("[data-autosubmit]") && el.form) {
      if (el.name === "county") {
        var township = el.form.querySelector("select[name=township]");
        if (township) { township.value = ""; }
      }
      el.form.submit();
    }
  });
})();
