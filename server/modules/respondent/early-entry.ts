// Shared by the server (its CSP), the client build (anketa.html) and the respondent app; no zod here.

/** Where the respondent's page leaves the entry its inline script sent (EARLY_ENTRY_SCRIPT). */
export const EARLY_ENTRY_GLOBAL = '__mukoEntry';

/**
 * The inline script at the top of the respondent's page (client/vite.config.ts writes it there; the CSP allows it by
 * its hash, server/plugins/security.ts). It sends the very request RespondentApp would send on arrival, while the
 * application's code is still being read and compiled: a personal link's code, or else the question whether this
 * browser's session has a questionnaire. RespondentApp then takes its answer over (`code` says which it was).
 */
export const EARLY_ENTRY_SCRIPT =
  '(function(){if(!window.fetch)return;var m=/^\\/anketa\\/k\\/([^/]+)\\/?$/.exec(location.pathname),code,' +
  "headers={accept:'application/json'};if(!m){" +
  `window.${EARLY_ENTRY_GLOBAL}={response:fetch('/api/respondent/questionnaire',{credentials:'same-origin',headers:headers})};return}` +
  "try{code=decodeURIComponent(m[1])}catch(e){return}headers['content-type']='application/json';" +
  `window.${EARLY_ENTRY_GLOBAL}={code:code,response:fetch('/api/respondent/session',{method:'POST',credentials:'same-origin',` +
  "headers:headers,body:JSON.stringify({code:code,via:'link'})})}})();";
