// Tuoyu's only script: progressive enhancements, the pages work without it.
// - forms (or buttons) with data-confirm ask before they are sent;
// - a select inside [data-autosubmit] sends its form when it changes;
// - the nav, scrolled sideways on a phone, shows the current page;
// - a PDF preview (details[data-pdf]) loads its document only when opened.
(function () {
  "use strict";
  // On a phone the nav scrolls sideways: show the current page's item.
  var current = document.querySelector(".nav [aria-current]");
  if (current && current.parentNode.scrollWidth > current.parentNode.clientWidth) {
    current.parentNode.scrollLeft = current.offsetLeft - 16;
  }
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var btn = ev.submitter;
    var msg = (btn && btn.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) {
      ev.preventDefault();
    }
  });
  // PDF previews: the viewer is created on the first opening, so a filing
  // page with many scans settles at once.
  document.querySelectorAll("details[data-pdf]").forEach(function (d) {
    d.addEventListener("toggle", function () {
      if (!d.open || d.querySelector("object")) { return; }
      var o = document.createElement("object");
      o.type = "application/pdf";
      o.className = "pdf";
      o.data = d.getAttribute("data-pdf");
      o.setAttribute("aria-label", d.getAttribute("data-label") || "");
      d.querySelector(".pdf-slot").appendChild(o);
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
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
