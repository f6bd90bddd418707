// The respondents' service worker (scope /anketa, registered by client/src/respondent/register-worker.ts). On a
// device that has opened a questionnaire once, the next respondent's page starts without the network: the page
// itself and its hashed files come from this cache, and Chromium keeps their compiled code beside them. The page is
// fetched again in the background on every visit, so a new release arrives on the visit after it is published.
//
// What it never keeps: anything under /api (codes, answers, sessions and questionnaires go to the network and the
// browser's HTTP cache exactly as without it), and a personal link's address — /anketa/k/<code> is answered with the
// page stored under /anketa, so no cache entry is ever filed under a code.

const CACHE = 'muko-anketa';
const PAGE = '/anketa';

/** The page's hashed files, as it announces them (module preloads, the script, the styles). */
const assetsOf = (html) => [...new Set(html.match(/\/assets\/[^"'\s>]+/g) ?? [])];

/** Fetches the page and whatever of its files the cache lacks; then drops the files of older releases. */
async function refresh() {
  const response = await fetch(PAGE, { cache: 'no-cache', credentials: 'omit' });
  if (!response.ok || !response.headers.get('content-type')?.startsWith('text/html')) return;
  const assets = assetsOf(await response.clone().text());
  const cache = await caches.open(CACHE);
  const cached = new Set((await cache.keys()).map((request) => new URL(request.url).pathname));
  await cache.addAll(assets.filter((asset) => !cached.has(asset)));
  await cache.put(PAGE, response);
  const kept = new Set([PAGE, ...assets]);
  await Promise.all([...cached].filter((path) => !kept.has(path)).map((path) => cache.delete(path)));
}

self.addEventListener('install', (event) => {
  event.waitUntil(refresh());
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name)))));
});

/** The stored page at once, refreshed in the background; the network when nothing is stored yet. */
async function page(event) {
  const stored = await caches.match(PAGE, { cacheName: CACHE });
  if (!stored) return fetch(event.request);
  event.waitUntil(refresh().catch(() => undefined));
  return stored;
}

/** Hashed files never change under their name: the stored copy, else the network. */
async function asset(request) {
  return (await caches.match(request, { cacheName: CACHE })) ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && (url.pathname === PAGE || url.pathname.startsWith(`${PAGE}/`))) {
    event.respondWith(page(event));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  }
});
