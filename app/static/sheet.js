/* The score sheet's helpers: progress count, draft autosave (PUT .../draft) and sending through the JSON
   API (POST .../submissions) with the same client_uuid as the form, so a retry is never a second version.
   Without this script the page is a plain form that does the same on the server. */
(function () {
  "use strict";
  var form = document.getElementById("sheet-form");
  if (!form) { return; }
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var status = document.getElementById("save-status");
  var counter = document.getElementById("scored-count");
  var timer = null;
  var dirty = false;
  var sending = false;

  function say(text, isError) {
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle("is-error", !!isError);
  }

  function content() {
    var values = {}, notes = {};
    Array.prototype.forEach.call(form.querySelectorAll("fieldset.ind"), function (fs) {
      var code = fs.getAttribute("data-code");
      var picked = fs.querySelector('input[type="radio"]:checked') || fs.querySelector('input[type="text"]');
      if (picked && picked.value.trim()) { values[code] = picked.value.trim(); }
      var note = fs.querySelector("textarea");
      if (note && note.value.trim()) { notes[code] = note.value.trim(); }
    });
    return {
      client_uuid: form.elements.client_uuid.value,
      base_version: form.elements.base_version.value ? parseInt(form.elements.base_version.value, 10) : null,
      device_time: new Date().toISOString(),
      values: values,
      notes: notes,
      remark: form.elements.remark ? form.elements.remark.value : ""
    };
  }

  function count() {
    var data = content();
    if (counter) { counter.textContent = String(Object.keys(data.values).length); }
    Array.prototype.forEach.call(form.querySelectorAll("fieldset.ind"), function (fs) {
      fs.classList.toggle("is-scored", !!data.values[fs.getAttribute("data-code")]);
    });
  }

  function send(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body)
    });
  }

  function saveDraft() {
    timer = null;
    if (sending || !dirty) { return; }
    dirty = false;
    say(form.getAttribute("data-msg-saving"));
    send("PUT", form.getAttribute("data-draft-url"), content()).then(function (r) {
      if (r.ok) {
        var t = new Date();
        say(form.getAttribute("data-msg-saved") + " " + ("0" + t.getHours()).slice(-2) + "." +
            ("0" + t.getMinutes()).slice(-2));
      } else { dirty = true; say(form.getAttribute("data-msg-failed"), true); }
    }).catch(function () { dirty = true; say(form.getAttribute("data-msg-offline"), true); });
  }

  function changed(delay) {
    dirty = true;
    count();
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(saveDraft, delay);
  }

  form.addEventListener("change", function (e) { changed(e.target.type === "radio" ? 300 : 1000); });
  form.addEventListener("input", function (e) { if (e.target.tagName === "TEXTAREA") { changed(2000); } });

  function hasFiles() {
    return Array.prototype.some.call(form.querySelectorAll('input[type="file"]'), function (f) {
      return f.files && f.files.length > 0;
    });
  }

  function buttons(disabled) {
    Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) {
      b.disabled = disabled;
    });
  }

  function plainSubmit(action) {
    var hidden = document.createElement("input");
    hidden.type = "hidden"; hidden.name = "action"; hidden.value = action;
    form.appendChild(hidden);
    form.submit();
  }

  form.addEventListener("submit", function (e) {
    if (sending) { e.preventDefault(); return; }
    form.elements.device_time.value = new Date().toISOString();
    var action = e.submitter ? e.submitter.value : "draft";
    sending = true;
    if (timer) { clearTimeout(timer); timer = null; }
    if (action !== "submit" || hasFiles()) { return; }  // the plain form carries files and drafts
    e.preventDefault();
    buttons(true);
    say(form.getAttribute("data-msg-sending"));
    send("POST", form.getAttribute("data-submit-url"), content()).then(function (r) {
      if (r.status === 200 || r.status === 201) {
        return r.json().then(function (data) { window.location.assign(data.receipt_url); });
      }
      plainSubmit("submit");  // let the server show the problems on the page
    }).catch(function () {
      sending = false;
      buttons(false);
      say(form.getAttribute("data-msg-offline"), true);
    });
  });

  window.addEventListener("pageshow", function () { sending = false; buttons(false); });
  count();
})();
