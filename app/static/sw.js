/* Lomba Desa service worker (scope "/"): keeps the pages "Siapkan offline" stored usable without a signal.
   Words: the *shell* cache holds CSS/JS (served from the cache, refreshed in the background); the *pages*
   cache holds the judge's prepared pages and sheet JSON, filled by offline.js ("Siapkan offline").
   Pages are network first: online the judge always sees the server's page (and a prepared page's copy is
   refreshed); offline, or when the server fails or a weak signal takes too long, the stored copy answers.
   Nothing is ever sent from here: the queue of submissions lives in IndexedDB (offline.js). */
"use strict";
var SHELL = "ld-shell-v1";
var PAGES = "ld-pages-v1";
var SHELL_URLS = ["/static/app.css", "/static/sheet.css", "/static/sheet.js", "/static/offline.js"];
var SLOW_MS = 6000;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (c) { return c.addAll(SHELL_URLS); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== SHELL && k !== PAGES; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function pageKey(url) {
  var u = new URL(url);
  return u.origin + u.pathname;
}

function fromCache(name, request) {
  return caches.open(name).then(function (c) { return c.match(pageKey(request.url)); });
}

function staleWhileRevalidate(event) {
  var request = event.request;
  var network = fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      event.waitUntil(caches.open(SHELL).then(function (c) { return c.put(pageKey(request.url), copy); }));
    }
    return response;
  });
  return fromCache(SHELL, request).then(function (hit) {
    if (hit) { network.catch(function () { return null; }); return hit; }
    return network;
  });
}

function networkFirst(event, isPage) {
  var request = event.request;
  var key = pageKey(request.url);
  var cached = fromCache(PAGES, request);
  var network = fetch(request).then(function (response) {
    if (response.ok && !response.redirected && response.type === "basic") {
      var copy = response.clone();
      // Refresh only what was prepared: pages seen in passing are not kept.
      event.waitUntil(caches.open(PAGES).then(function (c) {
        return c.match(key).then(function (hit) { return hit ? c.put(key, copy) : null; });
      }));
    }
    if (response.status >= 500) {
      return cached.then(function (hit) { return hit || response; });
    }
    return response;
  });
  var fallback = function () {
    return cached.then(function (hit) {
      if (hit) { return hit; }
      if (!isPage) { return Response.error(); }
      return caches.open(PAGES).then(function (c) { return c.match(pageKey(self.location.origin + "/offline")); })
        .then(function (page) { return page || Response.error(); });
    });
  };
  // A weak signal: after SLOW_MS answer from the stored copy if there is one, else keep waiting.
  var slow = new Promise(function (resolve) {
    setTimeout(function () { cached.then(function (hit) { if (hit) { resolve(hit); } }); }, SLOW_MS);
  });
  return Promise.race([network.catch(fallback), slow]);
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === "/sw.js") { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staleWhileRevalidate(event));
  } else if (url.pathname.indexOf("/api/v1/sheets/") === 0) {
    event.respondWith(networkFirst(event, false));
  } else if (url.pathname.indexOf("/api/") === 0) {
    return;
  } else if (request.mode === "navigate" || (request.headers.get("accept") || "").indexOf("text/html") >= 0) {
    event.respondWith(networkFirst(event, true));
  }
});
