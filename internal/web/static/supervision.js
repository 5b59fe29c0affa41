// The inspection on a phone: each item is saved as soon as the inspector
// chooses an outcome or leaves the note, and each photo is sent as soon as
// it is taken, so a dropped connection loses at most the item in hand
// (it is sent again when the connection returns). The browser's position
// is added when it gives one. Without this script every item still has
// its own form and button.
(function () {
  "use strict";

  var list = document.getElementById("sv-checklist");
  if (!list || !window.fetch || !window.FormData) { return; }

  function say(el, text, bad) {
    if (!el) { return; }
    el.textContent = text;
    el.classList.toggle("bad", !!bad);
  }

  function stamp() {
    var d = new Date();
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  function progress() {
    var n = document.getElementById("sv-progress-n");
    if (n) { n.textContent = String(list.querySelectorAll(".sv-item.done").length); }
  }

  function problem(body) {
    var parts = [body && body.error ? body.error : ""];
    if (body && body.fields) {
      Object.keys(body.fields).forEach(function (k) { parts.push(body.fields[k]); });
    }
    return parts.filter(Boolean).join(" ");
  }

  function send(form, body) {
    return fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (res) {
      return res.json().then(function (b) { return { ok: res.ok, body: b }; });
    });
  }

  function save(form) {
    if (!form.querySelector("input[name=outcome]:checked")) { return; }
    var status = form.querySelector(".sv-saved");
    var item = form.closest(".sv-item");
    say(status, list.getAttribute("data-saving"));
    form.removeAttribute("data-pending");
    send(form, new URLSearchParams(new FormData(form))).then(function (x) {
      if (x.ok) {
        item.classList.add("done");
        say(status, list.getAttribute("data-saved") + " " + stamp());
        progress();
      } else {
        say(status, problem(x.body), true);
      }
    }).catch(function () {
      form.setAttribute("data-pending", "");
      say(status, list.getAttribute("data-offline"), true);
    });
  }

  function upload(form) {
    var input = form.querySelector("input[type=file]");
    var status = form.querySelector(".sv-photo-status");
    if (!input || !input.files || input.files.length === 0) { return; }
    say(status, list.getAttribute("data-saving"));
    send(form, new FormData(form)).then(function (x) {
      if (!x.ok) { say(status, problem(x.body), true); return; }
      var img = document.createElement("img");
      img.src = x.body.url;
      img.alt = list.getAttribute("data-photo-alt");
      img.width = 88;
      img.height = 88;
      form.closest(".sv-item").querySelector(".sv-photos").appendChild(img);
      input.value = "";
      say(status, list.getAttribute("data-photo-added"));
    }).catch(function () {
      say(status, list.getAttribute("data-offline"), true);
    });
  }

  document.addEventListener("change", function (ev) {
    var form = ev.target.form;
    if (!form) { return; }
    if (form.hasAttribute("data-autosave")) { save(form); }
    if (form.hasAttribute("data-photo") && ev.target.type === "file") { upload(form); }
  });

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form.hasAttribute("data-autosave")) { ev.preventDefault(); save(form); }
    if (form.hasAttribute("data-photo")) { ev.preventDefault(); upload(form); }
  });

  window.addEventListener("online", function () {
    Array.prototype.forEach.call(list.querySelectorAll("form[data-pending]"), save);
  });

  if (navigator.geolocation) {
    navigator.geolocation.getCurrentPosition(function (p) {
      Array.prototype.forEach.call(document.querySelectorAll("input.geo-lat"), function (el) { el.value = String(p.coords.latitude); });
      Array.prototype.forEach.call(document.querySelectorAll("input.geo-lng"), function (el) { el.value = String(p.coords.longitude); });
    }, function () {}, { timeout: 10000, maximumAge: 60000 });
  }
}());
