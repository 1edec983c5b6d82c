// Keeps PagerDrill playable offline once it has loaded: the page's files are cached at install and
// served from the cache first. The build stamps BUILD with a hash of the game's files, so a new
// build installs a new cache and the old one is dropped.
const BUILD = 'dev';
const CACHE = `pagerdrill-${BUILD}`;
const FILES = ['./', './index.html', './loader.js', './pagerdrill.js', './pagerdrill_bg.wasm', './icon.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('pagerdrill-') && k !== CACHE)
        .map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  // The query string only carries game options (such as ?script=), never a different file.
  event.respondWith(
    caches.match(event.request, { ignoreSearch: true })
      .then((hit) => hit || fetch(event.request)),
  );
});
