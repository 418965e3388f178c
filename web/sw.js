// The web app's service worker: keeps the app shell (the page, the wasm build, the manifest
// and its icons) so that the form opens, and can be filled in, with no network. The draft
// stays on the device (localStorage and IndexedDB), as without the worker; a submission waits
// in the draft until the network is back. Calls to the reception service are never cached.
//
// scripts/build-web.sh puts a hash of the build in BUILD: a new build is a new
// worker, which fetches the new shell in the background and takes over at the next visit.
"use strict";

const BUILD = "__BUILD__";
const CACHE = `vssid-shell-${BUILD}`;
// "./" is the page; scripts/build-web.sh lists every file of the build in place of the
// empty list below (the wasm, its JavaScript and snippets, the manifest and icons).
const SHELL = ["./"].concat(/*__SHELL__*/ []);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((path) => new Request(path, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("vssid-shell-") && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// The shell first from the cache (a phone on a poor network opens the form at once), the
// rest from the network. The page's query (?api=…, ?demo=…, ?lang=…) does not change the
// page itself, so every visit of the start address is the cached page.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope);
  const path = url.pathname.startsWith(scope.pathname)
    ? url.pathname.slice(scope.pathname.length)
    : null;
  // The reception service's API, when it shares the origin: always the network.
  if (path === null || path.startsWith("v1/")) return;
  if (request.mode === "navigate" && (path === "" || path === "index.html")) {
    event.respondWith(
      caches
        .open(CACHE)
        .then((cache) => cache.match("./"))
        .then((cached) => cached || fetch(request)),
    );
    return;
  }
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(request, { ignoreSearch: true }))
      .then((cached) => cached || fetch(request)),
  );
});
