// The service worker of the teams' pages (served as /equipe/sw.js: its scope is /equipe/).
// A team's page is fetched from the network when it can be, and kept; without network the
// last page kept is shown, with Rallye's style and script (kept as they are fetched).
// Entries are never handled here: the page queues them itself and sends them when it can.
"use strict";
var CACHE = "rallye-field-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  var isPage = url.pathname.indexOf("/equipe/") === 0;
  var isStatic = url.pathname.indexOf("/static/") === 0;
  if (!isPage && !isStatic) { return; }
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreSearch: isStatic }).then(function (found) {
        return found || new Response("Pas de réseau, et cette page n'a pas encore été ouverte sur ce téléphone.", {
          status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
        });
      });
    })
  );
});
