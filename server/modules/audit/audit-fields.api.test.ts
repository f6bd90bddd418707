import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftCampaign } from '../../test/campaign-journey';
import { createTestApp, type TestApp } from '../../test/app';
import { recordAudit } from './audit.repo';

// What each reader gets of a record: the worded fields for everyone in scope, the raw values and the address for
// administrators only, and no other person's e-mail for a municipal coordinator.

let t: TestApp;
let campaignId: number;
const IP = '203.0.113.77';

interface Entry {
  action: string;
  actor: string;
  actionLabel: string;
  target: string;
  details: string[];
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

beforeAll(async () => {
  t = await createTestApp();
  campaignId = await draftCampaign(t, { title: 'Мониторинг МКУО — 2026' });
  const { users, regions, municipalities } = t.fixture;
  const regional = { userId: users.regional.id, label: users.regional.email, ip: IP };
  await recordAudit(t.database.db, regional, {
    action: 'review.overridden',
    entityType: 'campaign',
    entityId: campaignId,
    regionId: regions.kirov,
    municipalityId: municipalities.kumeny,
    before: { computedValue: 2 },
    after: {
      campaignId,
      overrideId: 1,
      mechanismCode: '1.1',
      target: 'mechanism_level',
      componentCode: null,
      value: 3,
      reason: 'Приказ от 01.02.2026 найден',
    },
  });
  await recordAudit(t.database.db, regional, {
    action: 'campaign.reminder_sent',
    entityType: 'campaign',
    entityId: campaignId,
    regionId: regions.kirov,
    municipalityId: municipalities.kumeny,
    after: { to: 'someone.else@example.org', userId: null, automatic: false },
  });
  const municipal = { userId: users.municipal.id, label: users.municipal.email, ip: '198.51.100.5' };
  await recordAudit(t.database.db, municipal, {
    action: 'municipal_form.submitted',
    entityType: 'municipal_form',
    entityId: 1,
    regionId: regions.kirov,
    municipalityId: municipalities.kumeny,
    after: { campaignId, revision: 4 },
  });
});
afterAll(async () => t?.close());

async function entries(user: Parameters<TestApp['request']>[0]) {
  const response = await t.request(user, { method: 'GET', url: `/api/audit?municipalityId=${t.fixture.municipalities.kumeny}` });
  expect(response.statusCode, response.body).toBe(200);
  return { items: response.json().items as Entry[], body: response.body };
}

describe('audit fields by reader', () => {
  it('words a record in Russian with the campaign, the municipality, the mechanism and the levels by name', async () => {
    const { items } = await entries('regional');
    const override = items.find((e) => e.action === 'review.overridden')!;
    expect(override).toMatchObject({
      actionLabel: 'Эксперт изменил значение',
      target: 'Кампания «Мониторинг МКУО — 2026» · Куменский район',
      details: [
        'Механизм 1.1 «Система оценки качества подготовки обучающихся»: уровень механизма',
        'Было по расчёту: 2 — частично сформирована → стало: 3 — сформирована',
        'Причина: Приказ от 01.02.2026 найден',
      ],
    });
    expect(JSON.stringify(override)).not.toContain('mechanism_level');
    const form = items.find((e) => e.action === 'municipal_form.submitted')!;
    expect(form).toMatchObject({
      target: 'Муниципальная форма, кампания «Мониторинг МКУО — 2026» · Куменский район',
      details: ['Версия формы: 4'],
    });
  });

  it('gives the raw values and the address to an administrator', async () => {
    const { items } = await entries('admin');
    const override = items.find((e) => e.action === 'review.overridden')!;
    expect(override.ip).toBe(IP);
    expect(override.before).toEqual({ computedValue: 2 });
    expect(override.after).toMatchObject({ target: 'mechanism_level', value: 3 });
    expect(override.actor).toBe(t.fixture.users.regional.email);
    expect(items.find((e) => e.action === 'campaign.reminder_sent')!.details).toContain('Кому: someone.else@example.org');
  });

  it('keeps the raw values and the address from a regional coordinator, who still sees e-mails', async () => {
    const { items, body } = await entries('regional');
    for (const entry of items) expect(['before', 'after', 'ip'].filter((key) => key in entry)).toEqual([]);
    expect(body).not.toContain(IP);
    expect(items.find((e) => e.action === 'review.overridden')!.actor).toBe(t.fixture.users.regional.email);
  });

  it("shows a municipal coordinator no other person's e-mail and no address at all", async () => {
    const { items, body } = await entries('municipal');
    expect(items.map((e) => e.action).sort()).toEqual(['campaign.reminder_sent', 'municipal_form.submitted', 'review.overridden']);
    for (const entry of items) expect(['before', 'after', 'ip'].filter((key) => key in entry)).toEqual([]);
    expect(body).not.toContain(IP);
    expect(body).not.toContain('198.51.100.5');
    expect(body).not.toContain(t.fixture.users.regional.email);
    expect(body).not.toContain('someone.else@example.org');
    const override = items.find((e) => e.action === 'review.overridden')!;
    expect(override.actor).toMatch(/\(региональный координатор\)$/);
    expect(items.find((e) => e.action === 'campaign.reminder_sent')!.details).toContain('Кому: адрес скрыт');
    // One's own records keep one's own address.
    expect(items.find((e) => e.action === 'municipal_form.submitted')!.actor).toBe(t.fixture.users.municipal.email);
  });
});
