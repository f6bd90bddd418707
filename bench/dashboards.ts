import { randomUUID } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import type { Database } from '../db/client';
import { sessions } from '../db/schema';
import { percentile, round, type Figure } from './measure';

/** Latency of the pages coordinators and experts keep open: sequential requests, as one person clicking. */
export async function measureDashboards(
  db: Database,
  baseUrl: string,
  jwtSecret: string,
  adminId: number,
  pages: Array<{ id: string; title: string; path: string }>,
  samples = 200,
): Promise<Figure[]> {
  const sid = randomUUID();
  await db.insert(sessions).values({ id: sid, userId: adminId, expiresAt: new Date(Date.now() + 3600_000) });
  const token = createSigner({ key: jwtSecret, expiresIn: 3600_000 })({ typ: 'staff', sid });
  const figures: Figure[] = [];
  for (const page of pages) {
    const timings: number[] = [];
    let bytes = 0;
    for (let i = 0; i < samples + 10; i++) {
      const started = performance.now();
      const response = await fetch(`${baseUrl}${page.path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await response.arrayBuffer();
      if (!response.ok) throw new Error(`${page.path}: ${response.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
      // The first requests warm the connection pool and caches.
      if (i >= 10) timings.push(performance.now() - started);
      bytes = body.byteLength;
    }
    const p95 = percentile(timings, 95);
    figures.push({
      id: page.id,
      title: page.title,
      value: `p95 ${round(p95)} мс (p50 ${round(percentile(timings, 50))} мс, ${round(bytes / 1024)} КБ)`,
      ceiling: '—',
      target: 'p95 ≤ 50 мс',
      pass: p95 <= 50,
      details: { samples, p95, p50: percentile(timings, 50), bytes },
    });
  }
  return figures;
}
