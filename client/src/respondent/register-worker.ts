/**
 * Installs the respondents' service worker (client/public/anketa-sw.js) once the page has what it came for, so
 * that its download of the page never competes with the questionnaire's. Only in a built client: the development
 * server's page is not the one to keep. A browser without service workers, or one that refuses (a private window,
 * plain HTTP), simply goes on without it.
 */
export function registerRespondentWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/anketa-sw.js', { scope: '/anketa' }).catch(() => undefined);
}
