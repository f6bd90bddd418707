import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { notFound } from '../errors';

/** A personal link (/anketa/k/<code>): its address holds the access code. */
const isPersonalLink = (url: string) => url.startsWith('/anketa/k/');

/**
 * Serves the built client. Hashed assets are cached for a year; index.html never, so a new release
 * reaches every browser on its next page load. Unknown non-API paths get index.html (client-side routes).
 */
export default fp(async function clientPlugin(app: FastifyInstance, opts: { distDir?: string }) {
  const distDir = opts.distDir;
  const hasClient = distDir !== undefined && existsSync(path.join(distDir, 'index.html'));
  if (hasClient) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      preCompressed: true,
      setHeaders: (reply, filePath) => {
        reply.header(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : // No cache entry may be filed under an access code on a shared computer.
              isPersonalLink(reply.request.url)
              ? 'no-store'
              : 'no-cache',
        );
      },
    });
  }
  // Respondents' addresses get the page that announces the questionnaire's files up front (client/vite.config.ts).
  const respondentPage = hasClient && existsSync(path.join(distDir, 'anketa.html')) ? 'anketa.html' : 'index.html';
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/assets/');
    if (hasClient && isPage) {
      const isRespondent = request.url === '/anketa' || request.url.startsWith('/anketa/') || request.url.startsWith('/anketa?');
      return reply.sendFile(isRespondent ? respondentPage : 'index.html');
    }
    throw notFound(request.url.startsWith('/api/') ? 'Такого адреса API нет.' : 'Страница не найдена.');
  });
});
