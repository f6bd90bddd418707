// Shared by the server (its CSP), the client build (anketa.html) and the respondent app; no zod here.

/** Where the respondent's page leaves the entry its inline script sent (EARLY_ENTRY_SCRIPT). */
export const EARLY_ENTRY_GLOBAL = '__mukoEntry';

/**
 * The inline script at the top of the respondent's page (client/vite.config.ts writes it there; the CSP allows it by
 * its hash, server/plugins/security.ts). It sends a personal link's code, the very request RespondentApp would send,
 * while the application's code is still being read and compiled; RespondentApp then takes its answer over.
 */
export const EARLY_ENTRY_SCRIPT =
  '(function(){var m=/^\\/anketa\\/k\\/([^/]+)\\/?$/.exec(location.pathname),code;if(!m||!window.fetch)return;' +
  'try{code=decodeURIComponent(m[1])}catch(e){return}' +
  `window.${EARLY_ENTRY_GLOBAL}={code:code,response:fetch('/api/respondent/session',{method:'POST',credentials:'same-origin',` +
  "headers:{accept:'application/json','content-type':'application/json'},body:JSON.stringify({code:code,via:'link'})})}})();";
