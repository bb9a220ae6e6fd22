/* The score sheet's helpers: progress count, draft autosave (PUT .../draft) and sending through the JSON
   API (POST .../submissions) with the same client_uuid as the form, so a retry is never a second version.
   With offline.js (window.LDOffline) the draft is also kept on the tablet and a sheet sent without a
   signal waits in the tablet's queue until the server acknowledges it. Without these scripts the page is a
   plain form that does the same on the server. */
(function () {
  "use strict";
  var form = document.getElementById("sheet-form");
  if (!form) { return; }
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var status = document.getElementById("save-status");
  var counter = document.getElementById("scored-count");
  var LD = window.LDOffline || null;
  var entrant = parseInt(form.getAttribute("data-entrant"), 10);
  var stage = form.getAttribute("data-stage");
  var timer = null;
  var dirty = false;
  var sending = false;
  var queued = false;

  function msg(name) { return form.getAttribute("data-msg-" + name) || ""; }

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

  /* Put stored content (a local draft or a queued sheet) back into the form. */
  function fill(data) {
    form.elements.client_uuid.value = data.client_uuid;
    Array.prototype.forEach.call(form.querySelectorAll("fieldset.ind"), function (fs) {
      var code = fs.getAttribute("data-code");
      var value = (data.values || {})[code];
      Array.prototype.forEach.call(fs.querySelectorAll('input[type="radio"]'), function (r) {
        r.checked = value !== undefined && r.value === value;
      });
      var text = fs.querySelector('input[type="text"]');
      if (text) { text.value = value === undefined ? "" : String(value).replace(".", ","); }
      var note = fs.querySelector("textarea");
      if (note) { note.value = (data.notes || {})[code] || ""; }
    });
    if (form.elements.remark) { form.elements.remark.value = data.remark || ""; }
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

  function hhmm() {
    var t = new Date();
    return ("0" + t.getHours()).slice(-2) + "." + ("0" + t.getMinutes()).slice(-2);
  }

  /* Keep the draft on the tablet; one sheet keeps one client_uuid (a second tab adopts the first's). */
  function keepLocal(data) {
    if (!LD) { return Promise.resolve(data); }
    return LD.getDraft(entrant, stage).then(function (d) {
      if (d && d.base_version === data.base_version && d.client_uuid !== data.client_uuid) {
        data.client_uuid = form.elements.client_uuid.value = d.client_uuid;
      }
      return LD.putDraft(entrant, stage, data, false);
    }).then(function () { return data; }, function () { return data; });
  }

  function saveDraft() {
    timer = null;
    if (sending || queued || !dirty) { return; }
    dirty = false;
    say(msg("saving"));
    var data = content();
    keepLocal(data).then(function () {
      if (LD && !navigator.onLine) { say(msg("local") + " " + hhmm()); return null; }
      return send("PUT", form.getAttribute("data-draft-url"), data).then(function (r) {
        if (r.ok) {
          if (LD) { LD.putDraft(entrant, stage, data, true).catch(function () { return null; }); }
          say(msg("saved") + " " + hhmm());
        } else if (LD && r.status === 401) {
          say(msg("local") + " " + hhmm());
        } else { dirty = true; say(msg("failed"), true); }
      });
    }).catch(function () {
      if (LD) { say(msg("local") + " " + hhmm()); } else { dirty = true; say(msg("offline"), true); }
    });
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

  /* The sheet waits in the tablet's queue: say so, and keep it from being sent a second time. */
  function showQueued() {
    queued = true;
    buttons(true);
    var note = document.getElementById("offline-note");
    if (!note) {
      note = document.createElement("div");
      note.id = "offline-note";
      note.className = "alert warn";
      note.setAttribute("role", "status");
      note.appendChild(document.createTextNode(msg("queued") + " "));
      var a = document.createElement("a");
      a.href = "/offline";
      a.textContent = msg("queue-link");
      note.appendChild(a);
      form.parentNode.insertBefore(note, form);
    }
    say(msg("queued"));
  }

  function submitOnline(data) {
    send("POST", form.getAttribute("data-submit-url"), data).then(function (r) {
      if (r.status === 200 || r.status === 201) {
        return r.json().then(function (d) { window.location.assign(d.receipt_url); });
      }
      plainSubmit("submit");  // let the server show the problems on the page
    }).catch(function () {
      sending = false;
      buttons(false);
      say(msg("offline"), true);
    });
  }

  form.addEventListener("submit", function (e) {
    if (sending || queued) { e.preventDefault(); return; }
    form.elements.device_time.value = new Date().toISOString();
    var action = e.submitter ? e.submitter.value : "draft";
    if (action !== "submit" && LD && !navigator.onLine) {
      // "Simpan draf" without a signal: keep it on the tablet instead of a failing page load.
      e.preventDefault();
      dirty = true;
      saveDraft();
      return;
    }
    sending = true;
    if (timer) { clearTimeout(timer); timer = null; }
    if (action !== "submit" || hasFiles()) { return; }  // the plain form carries files and drafts
    e.preventDefault();
    buttons(true);
    say(msg("sending"));
    var data = content();
    if (!LD) { submitOnline(data); return; }
    var item = {
      client_uuid: data.client_uuid, base_version: data.base_version, device_time: data.device_time,
      values: data.values, notes: data.notes, remark: data.remark, url: form.getAttribute("data-submit-url"),
      entrant_id: entrant, stage_code: stage, village: form.getAttribute("data-village") || ""
    };
    LD.submitNow(item).then(function (res) {
      if (res.status === 200 || res.status === 201) { window.location.assign(res.data.receipt_url); return null; }
      if (res.status === 0 || res.status >= 500 || res.status === 401 || res.status === 408 || res.status === 429) {
        sending = false;
        showQueued();
        return null;
      }
      // The server answered with a refusal: the plain form shows why (and keeps the draft).
      return LD.drop(item.client_uuid).then(function () { plainSubmit("submit"); });
    }, function () { submitOnline(data); });
  });

  window.addEventListener("pageshow", function () { sending = false; buttons(queued); });

  if (LD) {
    LD.queuedFor(entrant, stage).then(function (item) {
      if (item) { fill(item); count(); showQueued(); return null; }
      return LD.getDraft(entrant, stage).then(function (d) {
        var base = form.elements.base_version.value ? parseInt(form.elements.base_version.value, 10) : null;
        if (d && !d.synced && d.base_version === base) {
          fill(d);
          count();
          say(msg("restored"));
        }
      });
    }).catch(function () { return null; });
  }
  count();
})();
