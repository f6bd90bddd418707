import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import { createSigner } from 'fast-jwt';
import type { Database } from '../db/client';
import { DASHBOARD_PAGE_SIZE } from '../server/lib/paging';
import { sessions } from '../db/schema';
import { percentile, round, type Figure } from './measure';

/** A staff session of the given user and its bearer token, made in the database before the server reads it. */
export async function staffToken(db: Database, jwtSecret: string, userId: number): Promise<string> {
  const sid = randomUUID();
  await db.insert(sessions).values({ id: sid, userId, expiresAt: new Date(Date.now() + 4 * 3600_000) });
  return createSigner({ key: jwtSecret, expiresIn: 4 * 3600_000 })({ typ: 'staff', sid });
}

/** Bytes on the wire of a compressed answer: node:http, unlike fetch, hands the body over undecoded. */
function compressedSize(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'br, gzip' } }, (response) => {
      let size = 0;
      response.on('data', (chunk: Buffer) => (size += chunk.length));
      response.on('end', () => resolve(size));
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** The paths of every page of a paged list of `items`, as the client asks for them. */
export function pagedPaths(path: string, items: number, pageSize = DASHBOARD_PAGE_SIZE): string[] {
  return Array.from({ length: Math.max(1, Math.ceil(items / pageSize)) }, (_, i) => `${path}?page=${i + 1}&pageSize=${pageSize}`);
}

/**
 * Latency of the pages coordinators and experts keep open: sequential requests, as one person clicking, through
 * every page of the list in turn (a late page costs the database more than the first).
 */
export async function measureDashboards(
  baseUrl: string,
  token: string,
  pages: Array<{ id: string; title: string; paths: string[] }>,
  samples = 200,
  /** A page that takes seconds gets fewer samples rather than holding the run up for minutes. */
  budgetMs = 30_000,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const page of pages) {
    const timings: number[] = [];
    let bytes = 0;
    const deadline = performance.now() + budgetMs;
    for (let i = 0; i < samples + 10 && (i < 30 || performance.now() < deadline); i++) {
      const started = performance.now();
      // As a browser asks: compressed (fetch decompresses, so `bytes` is the JSON's own size).
      const path = page.paths[i % page.paths.length]!;
      const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'br, gzip' } });
      const body = await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path}: ${response.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
      // The first requests warm the connection pool and caches.
      if (i >= 10) timings.push(performance.now() - started);
      bytes = body.byteLength;
    }
    const p95 = percentile(timings, 95);
    const wireBytes = await compressedSize(`${baseUrl}${page.paths[0]}`, token);
    figures.push({
      id: page.id,
      title: page.title,
      value: `p95 ${round(p95)} мс (p50 ${round(percentile(timings, 50))} мс; ${page.paths.length > 1 ? `${page.paths.length} страниц по ${DASHBOARD_PAGE_SIZE}, ` : ''}страница ${round(bytes / 1024)} КБ, сжато ${round(wireBytes / 1024)} КБ)`,
      ceiling: '—',
      target: 'p95 ≤ 50 мс',
      pass: p95 <= 50,
      details: { samples: timings.length, pages: page.paths.length, p95, p50: percentile(timings, 50), bytes, wireBytes },
    });
  }
  return figures;
}
