import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { EARLY_ENTRY_SCRIPT } from '../modules/respondent/early-entry';

/**
 * Security headers. The CSP allows inline styles because SurveyJS sets element styles at run time;
 * scripts come only from our own origin, and the one inline script of the respondent's page by its hash.
 */
const options: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", `'sha256-${createHash('sha256').update(EARLY_ENTRY_SCRIPT).digest('base64')}'`],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  // Same-origin app; the default COEP would block nothing we use but breaks opening downloads in some browsers.
  crossOriginEmbedderPolicy: false,
};

/**
 * The headers helmet sets, computed once: none depends on the request, and building helmet's middleware on every
 * request (as @fastify/helmet does) was a measurable share of an autosave's cost.
 */
export function securityHeaders(helmetOptions: HelmetOptions = options): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const collector = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(helmetOptions)({} as never, collector as unknown as ServerResponse, () => {});
  return Object.freeze(headers);
}

/**
 * What an API answer needs of those headers. It is data, never a page: a policy that allows nothing, no framing,
 * and no cache may keep it (answers and names of people). The document-only headers stay off: on a slow rural
 * link they would be half the bytes of an autosave's answer.
 */
export function apiHeaders(documentHeaders: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const kept = ['strict-transport-security', 'x-content-type-options', 'referrer-policy', 'cross-origin-resource-policy'];
  return Object.freeze({
    ...Object.fromEntries(kept.flatMap((name) => (documentHeaders[name] ? [[name, documentHeaders[name]]] : []))),
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  });
}

/** The API documentation is a page (Swagger UI) under /api. */
function isApiData(url: string): boolean {
  if (!url.startsWith('/api/')) return false;
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return path !== '/api/docs' && !path.startsWith('/api/docs/');
}

export default fp(async function securityPlugin(app: FastifyInstance) {
  const documents = securityHeaders();
  const api = apiHeaders(documents);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(isApiData(request.url) ? api : documents);
    done();
  });
});
