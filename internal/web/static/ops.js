// Progressive enhancements of the operations pages; every page works
// without them.
// - forms marked data-inplace (the attendance grid) are sent in the
//   background and the grid is redrawn from the answer, so a tablet keeps
//   its place while a caregiver taps child after child;
// - an absence shows the symptoms input only for a sick absence;
// - the care log form shows only the inputs of the kind chosen.
(function () {
  "use strict";

  function sickOnly(select) {
    var form = select.form;
    if (!form) { return; }
    var show = select.value === "sick";
    Array.prototype.forEach.call(form.querySelectorAll(".sick-only"), function (el) {
      el.hidden = !show;
    });
  }

  function careKind(form) {
    var kind = form.querySelector("select[name=kind]");
    if (!kind) { return; }
    Array.prototype.forEach.call(form.querySelectorAll(".kind-fields"), function (el) {
      el.hidden = el.getAttribute("data-kind") !== kind.value;
    });
  }

  function init(root) {
    Array.prototype.forEach.call(root.querySelectorAll("select[data-sick]"), sickOnly);
    Array.prototype.forEach.call(root.querySelectorAll("form.care-form"), careKind);
  }

  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el.matches && el.matches("select[data-sick]")) { sickOnly(el); }
    if (el.matches && el.matches("form.care-form select[name=kind]")) { careKind(el.form); }
  });

  var busy = false;
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (ev.defaultPrevented || !form.hasAttribute("data-inplace") || !window.fetch || !window.DOMParser) { return; }
    ev.preventDefault();
    if (busy) { return; }
    busy = true;
    var buttons = form.querySelectorAll("button");
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    // getAttribute: an input named "action" shadows form.action.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      headers: { "Accept": "text/html" }
    }).then(function (res) {
      return res.text().then(function (html) { return { res: res, html: html }; });
    }).then(function (x) {
      var doc = new DOMParser().parseFromString(x.html, "text/html");
      var fresh = doc.getElementById("grid");
      var current = document.getElementById("grid");
      if (!fresh || !current) {
        // Not a grid (an error page): show it as it is.
        document.open();
        document.write(x.html);
        document.close();
        return;
      }
      current.replaceWith(document.importNode(fresh, true));
      // The flash of the answer replaces the page's.
      var main = document.querySelector("main");
      Array.prototype.forEach.call(main.querySelectorAll(":scope > .flash"), function (el) { el.remove(); });
      var flash = doc.querySelector("main > .flash");
      if (flash) { main.querySelector("h1").after(document.importNode(flash, true)); }
      if (x.res.redirected && window.history && window.history.replaceState) {
        window.history.replaceState(null, "", x.res.url);
      }
      var grid = document.getElementById("grid");
      init(grid);
      var focus = grid.getAttribute("data-focus");
      var row = focus && document.getElementById(focus);
      if (row && row.querySelector(".field-error")) { row.scrollIntoView({ block: "center" }); }
    }).catch(function () {
      form.submit();
    }).then(function () {
      busy = false;
    });
  });

  init(document);
})();
