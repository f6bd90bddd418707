import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';

let t: TestApp;
let distDir: string;
beforeAll(async () => {
  // A stand-in for the built client: the plugin serves whatever index.html and assets it finds.
  distDir = await mkdtemp(path.join(tmpdir(), 'muko-dist-'));
  await mkdir(path.join(distDir, 'assets'));
  await writeFile(
    path.join(distDir, 'index.html'),
    '<!doctype html><html lang="ru"><head><script type="module" src="/assets/app-1a2b.js"></script></head><body><div id="root"></div></body></html>',
  );
  await writeFile(path.join(distDir, 'assets', 'app-1a2b.js'), 'console.log("МУКО")');
  await writeFile(path.join(distDir, 'assets', 'app-1a2b.js.br'), brotliCompressSync('console.log("МУКО")'));
  await writeFile(
    path.join(distDir, 'anketa.html'),
    '<!doctype html><html lang="ru"><head><link rel="modulepreload" href="/assets/survey-9z.js"></head><body><div id="root"></div></body></html>',
  );
  t = await createTestApp({ clientDistDir: distDir });
});
afterAll(async () => {
  await t?.close();
  if (distDir) await rm(distDir, { recursive: true, force: true });
});

describe('pages of the client', () => {
  it('carry a Content-Security-Policy that allows scripts only from the site itself and one inline script by its hash', async () => {
    for (const url of ['/', '/anketa', '/anketa/k/K7MX-ABCE-HP3T', '/campaigns/1/results']) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type'], url).toMatch(/^text\/html/);
      expect(page.body, url).toContain('<div id="root">');
      const csp = String(page.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]{43}=';/);
      expect(csp, url).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(page.headers['x-content-type-options'], url).toBe('nosniff');
      expect(page.headers['cache-control'], url).toBe(url.startsWith('/anketa/k/') ? 'no-store' : 'no-cache');
    }
  });

  it('keep nothing filed under a personal link, whose address holds the access code', async () => {
    for (const url of ['/anketa/k/K7MX-ABCE-HP3T', '/anketa/k/K7MXABCEHP3T?from=qr']) {
      const page = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br, gzip' } });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['cache-control'], url).toBe('no-store');
    }
    // The page at the address the link turns into, and the files, are kept as before.
    expect((await t.app.inject({ method: 'GET', url: '/anketa' })).headers['cache-control']).toBe('no-cache');
    const asset = await t.app.inject({ method: 'GET', url: '/assets/app-1a2b.js', headers: { referer: '/anketa/k/K7MX-ABCE-HP3T' } });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serve hashed assets for a year, with the same policy', async () => {
    const asset = await t.app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await t.app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('give respondents the page that announces the questionnaire files, the staff the usual one', async () => {
    for (const url of ['/anketa', '/anketa/k/K7MX-ABCE-HP3T', '/anketa?x=1']) {
      expect((await t.app.inject({ method: 'GET', url })).body, url).toContain('rel="modulepreload" href="/assets/survey-9z.js"');
    }
    for (const url of ['/', '/anketa-report', '/campaigns/1']) {
      expect((await t.app.inject({ method: 'GET', url })).body, url).not.toContain('modulepreload');
    }
  });

  it('revalidate pages: a browser that has one gets 304 until it changes', async () => {
    for (const url of ['/', '/anketa']) {
      const first = await t.app.inject({ method: 'GET', url });
      expect(first.headers.etag, url).toBeDefined();
      const again = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': String(first.headers.etag) } });
      expect(again.statusCode, url).toBe(304);
      expect(again.body, url).toBe('');
    }
  });

  it('send the brotli file compressed at build time, not compressed again per request', async () => {
    const asset = await t.app.inject({ method: 'GET', url: '/assets/app-1a2b.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(asset.headers['content-encoding']).toBe('br');
    expect(asset.rawPayload.equals(brotliCompressSync('console.log("МУКО")'))).toBe(true);
  });
});
