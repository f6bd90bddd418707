import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema';
import { createTestApp, errorOf, type TestApp } from '../../test/app';
import { collectedCampaign } from '../../test/campaign-journey';

let t: TestApp;
let campaignId: number;
beforeAll(async () => {
  t = await createTestApp();
  ({ campaignId } = await collectedCampaign(t, { title: 'Исправление публикации', mechanismCodes: ['1.1'] }));
  await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/scoring-runs` });
});
afterAll(async () => t?.close());

const url = (path: string) => `/api/campaigns/${campaignId}${path}`;

async function publish() {
  const unapproved = (await t.request('regional', { method: 'GET', url: url('/results/unapproved') })).json();
  const municipalityIds = unapproved.municipalities.map((row: { municipalityId: number }) => row.municipalityId);
  return t.request('regional', {
    method: 'POST',
    url: url('/publish'),
    payload: { exceptions: { municipalityIds, reason: 'Публикуется по расчёту.' } },
  });
}

describe('publications can be corrected', () => {
  it('numbers publications, withdraws one with a reason, and names the correction on the republished results', async () => {
    expect((await publish()).statusCode).toBe(200);
    const first = await t.request('municipal', { method: 'GET', url: url('/publications') });
    expect(first.json()).toEqual([
      expect.objectContaining({ number: 1, publishedBy: expect.any(String), withdrawnAt: null, withdrawalReason: null }),
    ]);
    const reopen = await t.request('regional', {
      method: 'POST',
      url: url('/reopen'),
      payload: { closesAt: new Date(Date.now() + 86400_000).toISOString(), reason: 'ещё одна школа' },
    });
    expect(reopen.statusCode).toBe(409);
    expect(errorOf(reopen).message).toBe('Результаты опубликованы: сначала снимите публикацию.');

    const reason = 'В расчёт не попали анкеты школы, исключённой по ошибке';
    expect((await t.request('municipal', { method: 'POST', url: url('/unpublish'), payload: { reason } })).statusCode).toBe(403);
    expect((await t.request('regional', { method: 'POST', url: url('/unpublish'), payload: { reason: 'x' } })).statusCode).toBe(400);
    const withdrawn = await t.request('regional', { method: 'POST', url: url('/unpublish'), payload: { reason } });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ state: 'closed', publishedAt: null });
    expect((await t.request('regional', { method: 'POST', url: url('/unpublish'), payload: { reason } })).statusCode).toBe(409);
    // Withdrawn: the district no longer sees the results, the region does, with the history.
    expect((await t.request('municipal', { method: 'GET', url: url('/results') })).statusCode).toBe(403);
    const history = (await t.request('regional', { method: 'GET', url: url('/publications') })).json();
    expect(history).toEqual([
      expect.objectContaining({ number: 1, withdrawnAt: expect.any(String), withdrawnBy: expect.any(String), withdrawalReason: reason }),
    ]);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'campaign.unpublished'), eq(auditLog.entityId, String(campaignId))));
    expect(audit).toMatchObject({ actor: t.fixture.users.regional.email, after: { reason } });

    // A rescoring after the correction, then publication No. 2.
    expect((await t.request('regional', { method: 'POST', url: url('/scoring-runs') })).statusCode).toBe(201);
    expect((await publish()).statusCode).toBe(200);
    const both = (await t.request('regional', { method: 'GET', url: url('/publications') })).json();
    expect(both.map((p: { number: number; withdrawnAt: string | null }) => [p.number, p.withdrawnAt === null])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(both[1].scoringRunId).toBeGreaterThan(both[0].scoringRunId);
    const matrix = await t.request('municipal', { method: 'GET', url: url('/results') });
    expect(matrix.statusCode).toBe(200);
    expect(matrix.json().corrections).toEqual([{ publicationNumber: 1, withdrawnAt: history[0].withdrawnAt, reason }]);
    const detail = await t.request('municipal', { method: 'GET', url: url(`/results/${t.fixture.municipalities.kumeny}`) });
    expect(detail.json().corrections).toHaveLength(1);
  });
});
