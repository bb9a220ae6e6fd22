/* Offline mode for judges (loaded on every judge page). Words:
   - *queue*: submissions made on this tablet and not yet acknowledged by the server (IndexedDB store
     "queue", key client_uuid). An item leaves the queue only when the server answers 200 or 201, or when
     the judge chooses the server's version after a conflict.
   - *local draft*: the sheet being filled in (store "drafts", key "<user>:<entrant>/<stage>"), so a reload
     without a signal restores the entries; one draft keeps one client_uuid.
   - *sync*: sending the queue through the submission API, oldest first (see sync()).
   - *prepare*: "Siapkan offline" stores the bundle's pages in the service worker's cache.
   The texts come translated from the server (data-strings on #offline-badge). Without this script (or
   without IndexedDB) every page still works as a plain form. */
(function () {
  "use strict";
  var badge = document.getElementById("offline-badge");
  if (!badge || !window.indexedDB || !window.Promise || !window.fetch) { return; }
  var T = JSON.parse(badge.getAttribute("data-strings") || "{}");
  var USER = parseInt(badge.getAttribute("data-user"), 10);
  var USERNAME = badge.getAttribute("data-username") || "";
  var PAGES = "ld-pages-v1", SHELL = "ld-shell-v1";
  var MAX_BACKOFF = 5 * 60 * 1000;
  var channel = window.BroadcastChannel ? new BroadcastChannel("ld-offline") : null;
  var dbPromise = null, csrf = null, timer = null, running = null;

  function t(key, args) {
    var text = T[key] || key;
    Object.keys(args || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(args[k])); });
    return text;
  }

  // ---------------------------------------------------------------------------------------- IndexedDB
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var req = indexedDB.open("lomba-desa-offline", 1);
        req.onupgradeneeded = function () {
          var d = req.result;
          d.createObjectStore("queue", { keyPath: "client_uuid" });
          d.createObjectStore("drafts", { keyPath: "key" });
          d.createObjectStore("meta", { keyPath: "key" });
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbPromise;
  }

  function tx(store, mode, fn) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var x = d.transaction(store, mode);
        var out = fn(x.objectStore(store));
        x.oncomplete = function () { resolve(out && "result" in out ? out.result : out); };
        x.onerror = function () { reject(x.error); };
        x.onabort = function () { reject(x.error); };
      });
    });
  }
  function getAll(store) { return tx(store, "readonly", function (s) { return s.getAll(); }); }
  function get(store, key) { return tx(store, "readonly", function (s) { return s.get(key); }); }
  function put(store, value) { return tx(store, "readwrite", function (s) { s.put(value); }); }
  function del(store, key) { return tx(store, "readwrite", function (s) { s.delete(key); }); }

  function changed() {
    if (channel) { channel.postMessage("changed"); }
    refresh();
  }

  function newUuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // ------------------------------------------------------------------------------------------- queue
  function mine(item) { return item.user_id === USER; }

  function queue() {
    return getAll("queue").then(function (items) {
      return items.filter(mine).sort(function (a, b) { return a.seq - b.seq; });
    });
  }

  function draftKey(entrant, stage) { return USER + ":" + entrant + "/" + stage; }

  /* Put a submission in the queue; the same client_uuid twice (two taps, two tabs) stays one item. */
  function enqueue(item) {
    return get("queue", item.client_uuid).then(function (existing) {
      if (existing) { return existing; }
      item.user_id = USER; item.username = USERNAME;
      item.seq = Date.now() + Math.random();
      item.created_at = new Date().toISOString();
      item.state = "queued"; item.attempts = 0; item.next_try = 0; item.last_error = "";
      return put("queue", item).then(function () { changed(); return item; });
    });
  }

  function body(item) {
    return JSON.stringify({
      client_uuid: item.client_uuid, base_version: item.base_version, device_time: item.device_time,
      values: item.values, notes: item.notes || {}, remark: item.remark || ""
    });
  }

  function session() {
    return fetch("/api/v1/session", { credentials: "same-origin", cache: "no-store",
                                        headers: { "Accept": "application/json" } })
      .then(function (r) {
        if (r.status === 401) { return null; }
        if (!r.ok) { throw new Error("session " + r.status); }
        return r.json().then(function (data) { csrf = data.csrf_token; return data; });
      });
  }

  function post(item) {
    return fetch(item.url, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf || "" },
      body: body(item)
    });
  }

  function backoff(item) {
    var delay = Math.min(MAX_BACKOFF, 2000 * Math.pow(2, Math.max(0, item.attempts - 1)));
    item.next_try = Date.now() + delay;
  }

  function remember(item, data) {
    return get("meta", "sent").then(function (row) {
      var list = (row && row.list) || [];
      list.unshift({ user_id: USER, village: item.village, stage_code: item.stage_code, version: data.version,
                     created: !!data.created, at: new Date().toISOString(), receipt_url: data.receipt_url });
      return put("meta", { key: "sent", list: list.slice(0, 30) });
    });
  }

  /* After the server acknowledged a sheet: forget its local draft, refresh its stored pages. */
  function acknowledged(item, data) {
    var key = draftKey(item.entrant_id, item.stage_code);
    return del("queue", item.client_uuid).then(function () {
      return get("drafts", key);
    }).then(function (d) {
      return d && d.client_uuid === item.client_uuid ? del("drafts", key) : null;
    }).then(function () { return remember(item, data); }).then(function () {
      if (!window.caches) { return null; }
      return caches.open(PAGES).then(function (c) {
        var page = "/sheets/" + item.entrant_id + "/" + item.stage_code;
        return c.delete(location.origin + page).then(function () {
          return fetch(page + "/receipt", { credentials: "same-origin" });
        }).then(function (r) {
          return r.ok && !r.redirected ? c.put(location.origin + page + "/receipt", r) : null;
        });
      }).catch(function () { return null; });
    });
  }

  /* Send one item; resolves to the HTTP status (0 = no connection) and updates or removes the item. */
  function sendOne(item, retried) {
    item.state = "sending";
    return post(item).then(function (r) {
      var status = r.status;
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (status === 200 || status === 201) {
          return acknowledged(item, data).then(function () { return { status: status, data: data }; });
        }
        if (status === 403 && !retried) {
          // Perhaps a CSRF token from before a new login: ask again once.
          return session().then(function (s) {
            if (!s) { return finish(item, 401, data); }
            return sendOne(item, true);
          });
        }
        return finish(item, status, data);
      });
    }, function () {
      return finish(item, 0, {});
    });
  }

  var STATE_OF = { 401: "auth", 403: "forbidden", 404: "forbidden", 409: "conflict", 422: "invalid",
                   423: "locked" };

  function finish(item, status, data) {
    item.last_status = status;
    if (status === 0 || status >= 500 || status === 408 || status === 429) {
      item.attempts = (item.attempts || 0) + 1;
      item.state = "waiting";
      item.last_error = status === 0 ? t("unreachable") : t("server_error");
      backoff(item);
    } else {
      item.state = STATE_OF[status] || "error";
      item.next_try = 0;
      item.last_error = status === 401 ? t("session_expired") : (
        status === 409 ? t("conflict_error") : (data.detail || t("refused", { status: status })));
      if (status === 409) { item.server_version = data.current_version; }
    }
    item.last_try = new Date().toISOString();
    return put("queue", item).then(function () { return { status: status, data: data }; });
  }

  var AUTO = { queued: 1, waiting: 1, auth: 1, sending: 1, error: 1 };

  /* Send the queue, oldest first. Stops at the first network failure (the next ones would fail too) and at
     401 (the whole queue waits for a new login). manual=true ignores the backoff. */
  function runSync(manual) {
    return queue().then(function (items) {
      var now = Date.now();
      var todo = items.filter(function (i) { return AUTO[i.state] && (manual || !i.next_try || i.next_try <= now); });
      if (!todo.length) { return null; }
      return session().then(function (s) {
        if (!s) {
          return Promise.all(todo.map(function (i) { return finish(i, 401, {}); }));
        }
        var step = function (n) {
          if (n >= todo.length) { return null; }
          return sendOne(todo[n]).then(function (res) {
            changed();
            if (res.status === 0 || res.status >= 500 || res.status === 401) {
              // The rest waits as well: same backoff, same words.
              return Promise.all(todo.slice(n + 1).map(function (i) {
                i.attempts = todo[n].attempts; return finish(i, res.status, {});
              }));
            }
            return step(n + 1);
          });
        };
        return step(0);
      }, function () {
        return Promise.all(todo.map(function (i) { return finish(i, 0, {}); }));
      });
    }).then(function () {
      return put("meta", { key: "sync", at: new Date().toISOString() });
    }).then(schedule, schedule).then(changed);
  }

  function sync(manual) {
    if (running) { return running; }
    var go = function () { return runSync(manual); };
    running = (navigator.locks ? navigator.locks.request("ld-sync", go) : go())
      .catch(function () { return null; })
      .then(function () { running = null; });
    return running;
  }

  function schedule() {
    if (timer) { clearTimeout(timer); timer = null; }
    return queue().then(function (items) {
      var next = items.filter(function (i) { return i.state === "waiting"; })
        .reduce(function (m, i) { return Math.min(m, i.next_try || 0); }, Infinity);
      if (next !== Infinity) {
        timer = setTimeout(function () { sync(false); }, Math.max(500, next - Date.now()));
      }
    });
  }

  /* The sheet page sends at once when it can: enqueue first, then try; resolves {status, data}. */
  function submitNow(item) {
    return enqueue(item).then(function (stored) {
      if (!navigator.onLine) { return { status: 0 }; }
      return (csrf ? Promise.resolve(true) : session()).then(function (s) {
        if (!s) { return finish(stored, 401, {}); }
        return sendOne(stored);
      }, function () { return finish(stored, 0, {}); });
    }).then(function (res) { changed(); schedule(); return res; });
  }

  function queuedFor(entrant, stage) {
    return queue().then(function (items) {
      return items.filter(function (i) { return i.entrant_id === entrant && i.stage_code === stage; })[0] || null;
    });
  }

  function getDraft(entrant, stage) { return get("drafts", draftKey(entrant, stage)); }

  function putDraft(entrant, stage, content, synced) {
    var row = { key: draftKey(entrant, stage), user_id: USER, entrant_id: entrant, stage_code: stage,
                client_uuid: content.client_uuid, base_version: content.base_version, values: content.values,
                notes: content.notes, remark: content.remark, synced: !!synced, updated_at: new Date().toISOString() };
    return put("drafts", row);
  }

  function drop(clientUuid) { return del("queue", clientUuid).then(changed); }

  // ------------------------------------------------------------------------------------------ badge
  function refresh() {
    queue().then(function (items) {
      var n = items.length;
      badge.textContent = n ? t("badge", { n: n }) : t("badge_none");
      badge.classList.toggle("has-items", n > 0);
      badge.classList.toggle("needs-action", items.some(function (i) { return !AUTO[i.state]; }));
      if (page) { page.render(items); }
    }).catch(function () { return null; });
  }

  // ----------------------------------------------------------------------------------- the sync page
  var page = null;
  var root = document.getElementById("offline-app");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function button(text, cls, onclick) {
    var b = el("button", cls, text);
    b.type = "button";
    b.addEventListener("click", onclick);
    return b;
  }

  function fmtTime(iso) {
    if (!iso) { return ""; }
    var d = new Date(iso);
    return d.toLocaleString(document.documentElement.lang || "id", { dateStyle: "medium", timeStyle: "short" });
  }

  function showConflict(item, box) {
    box.textContent = t("comparing");
    fetch("/api/v1/sheets/" + item.entrant_id + "/" + item.stage_code,
          { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (sheet) {
        box.textContent = "";
        var server = sheet.current ? sheet.current.values : {};
        var table = el("table", "table conflict-table");
        var head = el("tr");
        [t("indicator"), t("server_version", { v: sheet.current_version || "–" }), t("your_version")]
          .forEach(function (h) { head.appendChild(el("th", "", h)); });
        table.appendChild(el("thead")).appendChild(head);
        var tbody = table.appendChild(el("tbody"));
        sheet.indicators.forEach(function (ind) {
          var a = server[ind.code], b = item.values[ind.code];
          var tr = el("tr", a === b ? "" : "differs");
          tr.appendChild(el("td", "", ind.code + " " + ind.name));
          tr.appendChild(el("td", "num server-value", a === undefined ? "–" : String(a).replace(".", ",")));
          tr.appendChild(el("td", "num my-value", b === undefined ? "–" : String(b).replace(".", ",")));
          tbody.appendChild(tr);
        });
        box.appendChild(table);
        var actions = el("div", "inline conflict-actions");
        actions.appendChild(button(t("keep_server"), "secondary keep-server", function () {
          var key = draftKey(item.entrant_id, item.stage_code);
          del("drafts", key).then(function () { return drop(item.client_uuid); });
        }));
        actions.appendChild(button(t("send_mine"), "primary send-mine", function () {
          var fresh = {
            client_uuid: newUuid(), base_version: sheet.current_version, device_time: item.device_time,
            values: item.values, notes: item.notes, remark: item.remark, url: item.url, entrant_id: item.entrant_id,
            stage_code: item.stage_code, village: item.village, stage_name: item.stage_name
          };
          del("queue", item.client_uuid).then(function () { return enqueue(fresh); })
            .then(function () { return sync(true); });
        }));
        box.appendChild(actions);
      }, function () { box.textContent = t("compare_needs_signal"); });
  }

  function renderQueue(items) {
    var list = document.getElementById("queue-list");
    var empty = document.getElementById("queue-empty");
    if (!list) { return; }
    list.textContent = "";
    if (empty) { empty.hidden = items.length > 0; }
    items.forEach(function (item) {
      var li = el("li", "queue-item state-" + item.state);
      li.setAttribute("data-uuid", item.client_uuid);
      var head = el("div", "queue-head");
      head.appendChild(el("strong", "", item.village + " · " + item.stage_code));
      head.appendChild(el("span", "badge queue-state", t("state_" + item.state)));
      li.appendChild(head);
      li.appendChild(el("div", "muted", t("made_at", { at: fmtTime(item.created_at) })));
      if (item.last_error) { li.appendChild(el("p", "queue-error", item.last_error)); }
      if (item.state === "auth") {
        var a = el("a", "button primary", t("login_again"));
        a.href = "/login?next=/offline";
        li.appendChild(a);
      }
      if (item.state === "conflict") {
        var box = el("div", "conflict-box");
        li.appendChild(box);
        showConflict(item, box);
      }
      if (item.state === "locked" || item.state === "invalid" || item.state === "forbidden" || item.state === "error") {
        var row = el("div", "inline");
        row.appendChild(button(t("retry"), "secondary", function () {
          item.state = "queued"; put("queue", item).then(function () { return sync(true); });
        }));
        row.appendChild(button(t("discard"), "danger", function () {
          if (window.confirm(t("discard_confirm"))) { drop(item.client_uuid); }
        }));
        li.appendChild(row);
      }
      list.appendChild(li);
    });
    get("meta", "sent").then(function (row) {
      var sent = document.getElementById("sent-list");
      if (!sent) { return; }
      sent.textContent = "";
      ((row && row.list) || []).filter(function (s) { return s.user_id === USER; }).slice(0, 10).forEach(function (s) {
        var li = el("li");
        var a = el("a", "", s.village + " · " + s.stage_code + " · " + t("version_n", { v: s.version }));
        a.href = s.receipt_url || "#";
        li.appendChild(a);
        li.appendChild(el("span", "muted", " " + fmtTime(s.at)));
        sent.appendChild(li);
      });
    });
    get("meta", "sync").then(function (row) {
      var s = document.getElementById("sync-status");
      if (!s) { return; }
      var waiting = items.filter(function (i) { return i.state === "waiting"; })[0];
      var auth = items.some(function (i) { return i.state === "auth"; });
      if (!waiting && items.length && !navigator.onLine) { waiting = { last_error: t("unreachable") }; }
      s.textContent = auth ? t("session_expired") : (waiting ? waiting.last_error : (
        items.length ? "" : (row ? t("all_sent_at", { at: fmtTime(row.at) }) : "")));
      s.classList.toggle("is-error", !!(auth || waiting));
    });
  }

  function renderPrepared() {
    var status = document.getElementById("prepare-status");
    if (!status) { return Promise.resolve(); }
    return get("meta", "prepared").then(function (p) {
      var list = document.getElementById("prepared-list");
      if (!p || p.user_id !== USER) { status.textContent = t("not_prepared"); return; }
      status.textContent = t("prepared", { sheets: p.sheets.length, officials: p.officials, at: fmtTime(p.at) }) +
        (p.failed ? " " + t("prepared_failed", { n: p.failed }) : "");
      status.classList.toggle("is-error", !!p.failed);
      if (list) {
        list.textContent = "";
        p.sheets.forEach(function (s) {
          list.appendChild(el("li", "", s.village + " · " + s.stage_code));
        });
      }
    });
  }

  function cacheAll(urls, name) {
    var failed = 0, i = 0;
    return caches.open(name).then(function (c) {
      var worker = function () {
        if (i >= urls.length) { return null; }
        var url = urls[i++];
        return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
          if (!r.ok || r.redirected) { failed++; return null; }
          return c.put(location.origin + url, r);
        }, function () { failed++; }).then(worker);
      };
      return Promise.all([worker(), worker(), worker(), worker()]);
    }).then(function () { return failed; });
  }

  /* Forget stored pages that are no longer in the bundle (an assignment removed, a sheet sent). */
  function prune(pages) {
    var keep = {};
    pages.forEach(function (u) { keep[location.origin + u] = true; });
    return caches.open(PAGES).then(function (c) {
      return c.keys().then(function (keys) {
        return Promise.all(keys.filter(function (r) { return !keep[r.url]; }).map(function (r) { return c.delete(r); }));
      });
    });
  }

  function prepare() {
    var status = document.getElementById("prepare-status");
    var btn = document.getElementById("prepare-btn");
    if (!window.caches || !navigator.serviceWorker) { status.textContent = t("unsupported"); return null; }
    btn.disabled = true;
    status.classList.remove("is-error");
    status.textContent = t("preparing");
    return registerWorker().then(function () {
      return fetch("/api/v1/offline/bundle", { credentials: "same-origin", cache: "no-store",
                                                headers: { "Accept": "application/json" } });
    }).then(function (r) {
      if (r.status === 401) { throw new Error(t("session_expired")); }
      if (!r.ok) { throw new Error(t("refused", { status: r.status })); }
      return r.json();
    }).then(function (bundle) {
      // Another judge's pages never stay; this judge's old copies stay until the new ones are stored.
      return get("meta", "prepared").then(function (p) {
        return p && p.user_id !== USER ? caches.delete(PAGES) : null;
      }).then(function () {
        return Promise.all([cacheAll(bundle.shell, SHELL), cacheAll(bundle.pages, PAGES)]);
      }).then(function (failed) {
        return prune(bundle.pages).then(function () { return failed; });
      }).then(function (failed) {
        return put("meta", { key: "prepared", user_id: USER, at: new Date().toISOString(),
                             sheets: bundle.sheets.map(function (s) { return { village: s.village, stage_code: s.stage_code }; }),
                             officials: bundle.officials.length, failed: failed[0] + failed[1] });
      });
    }).then(renderPrepared, function (err) {
      status.textContent = t("prepare_failed") + " " + (err && err.message && err.message.indexOf("Failed") < 0 ? err.message : t("unreachable"));
      status.classList.add("is-error");
    }).then(function () { btn.disabled = false; });
  }

  function exportBackup() {
    return queue().then(function (items) {
      var status = document.getElementById("backup-status");
      if (!items.length) { status.textContent = t("nothing_to_export"); return; }
      var data = {
        format: "lomba-desa-offline-backup", version: 1, exported_at: new Date().toISOString(),
        origin: location.origin, user: { id: USER, username: USERNAME },
        items: items.map(function (i) {
          return { client_uuid: i.client_uuid, entrant_id: i.entrant_id, stage_code: i.stage_code,
                   village: i.village, base_version: i.base_version, device_time: i.device_time,
                   created_at: i.created_at, values: i.values, notes: i.notes || {}, remark: i.remark || "" };
        })
      };
      var blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "lomba-desa-cadangan-" + USERNAME + "-" + data.exported_at.slice(0, 16).replace(/[:T]/g, "") + ".json";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      status.textContent = t("exported", { n: items.length });
    });
  }

  if (root) {
    root.classList.add("js-ready");
    page = { render: renderQueue };
    document.getElementById("prepare-btn").addEventListener("click", prepare);
    document.getElementById("sync-btn").addEventListener("click", function () { sync(true); });
    document.getElementById("export-btn").addEventListener("click", exportBackup);
    renderPrepared();
  }

  // ------------------------------------------------------------------------------------------ start
  function registerWorker() {
    if (!navigator.serviceWorker) { return Promise.resolve(null); }
    return navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    });
  }

  window.LDOffline = {
    enqueue: enqueue, submitNow: submitNow, sync: sync, queuedFor: queuedFor, getDraft: getDraft,
    putDraft: putDraft, drop: drop, newUuid: newUuid, strings: t, user: USER
  };
  if (channel) { channel.onmessage = refresh; }
  window.addEventListener("online", function () { sync(true); });
  window.addEventListener("offline", refresh);
  registerWorker().catch(function () { return null; });
  refresh();
  if (navigator.onLine) { sync(false); }
})();
