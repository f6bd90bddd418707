import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { campaigns, municipalForms, responses, schools } from '../db/schema';
import { buildApp, type App } from '../server/app';
import { testConfig } from '../server/test/app';
import { createEmptyTestDatabase } from '../server/test/database';
import { DEMO_PASSWORD, seedDemo } from './demo';

let database: DatabaseHandle;
let app: App;
let token = '';

beforeAll(async () => {
  database = await createEmptyTestDatabase();
  expect(await seedDemo(database.db)).toBe(true);
  app = await buildApp(testConfig(), database);
  await app.ready();
  token = (
    await app.inject({ method: 'POST', url: '/api/auth/token', payload: { email: 'region@demo.local', password: DEMO_PASSWORD } })
  ).json().token;
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

describe('the Kirov demo', () => {
  it('is loaded once', async () => {
    expect(await seedDemo(database.db)).toBe(false);
  });

  it('holds the 2020 pilot: 380 of 501 questionnaires and 12 municipal forms, published', async () => {
    const [pilot] = await database.db.select().from(campaigns).where(eq(campaigns.year, 2020));
    expect(pilot!.state).toBe('published');
    const slots = await database.db.select({ status: responses.status }).from(responses).where(eq(responses.campaignId, pilot!.id));
    expect(slots).toHaveLength(501);
    expect(slots.filter((s) => s.status === 'submitted')).toHaveLength(380);
    const forms = await database.db
      .select({ status: municipalForms.status })
      .from(municipalForms)
      .where(eq(municipalForms.campaignId, pilot!.id));
    expect(forms.filter((f) => f.status === 'submitted')).toHaveLength(12);
  });

  it('reproduces the published 2020 outcome when scored through the platform', async () => {
    const list = (await get('/api/campaigns')).json();
    const pilot = list.find((c: { year: number }) => c.year === 2020);
    const matrix = (await get(`/api/campaigns/${pilot.id}/results`)).json();
    const overall = Object.fromEntries(
      matrix.municipalities.map((m: { name: string; overall: { level: number } }) => [m.name, m.overall.level]),
    );
    expect(overall['Куменский район']).toBe(2);
    expect(overall['Подосиновский район']).toBe(2);
    expect(overall['город Киров']).toBe(2);
    const others = Object.entries(overall).filter(([name]) => !['Куменский район', 'Подосиновский район', 'город Киров'].includes(name));
    expect(others).toHaveLength(9);
    for (const [, level] of others) expect([0, 1]).toContain(level);
    expect(matrix.municipalities.every((m: { reviewStatus: string }) => m.reviewStatus === 'approved')).toBe(true);
    // Dated as the pilot was: scored and published in 2020, not on the day the demo was loaded.
    expect(matrix.run.createdAt).toBe('2020-08-24T07:00:00.000Z');
    expect(pilot.publishedAt).toBe('2020-09-15T09:00:00.000Z');
  });

  it('holds a later campaign, scored and awaiting review, compared with 2020', async () => {
    const list = (await get('/api/campaigns')).json();
    const later = list.find((c: { year: number }) => c.year === 2021);
    expect(later.state).toBe('closed');
    const comparison = (await get(`/api/campaigns/${later.id}/results/comparison`)).json();
    expect(comparison.previous.year).toBe(2020);
    const changes = comparison.rows.map(
      (row: { cells: Array<{ mechanismCode: string | null; change: string }> }) => row.cells.find((c) => c.mechanismCode === null)!.change,
    );
    expect(changes.filter((c: string) => c !== 'same').length).toBeGreaterThanOrEqual(3);
  });

  it('gives kindergartens no questionnaire in the schools-only campaigns, and their own roles in the open preschool one', async () => {
    const kindergartens = await database.db.select({ id: schools.id }).from(schools).where(eq(schools.kind, 'preschool'));
    expect(kindergartens).toHaveLength(7);
    const slotsOf = async (campaignId: number) =>
      database.db
        .select({ schoolId: responses.schoolId, role: responses.respondentRole, kind: schools.kind })
        .from(responses)
        .innerJoin(schools, eq(schools.id, responses.schoolId))
        .where(eq(responses.campaignId, campaignId));
    const all = await database.db.select({ id: campaigns.id, year: campaigns.year, state: campaigns.state }).from(campaigns);
    for (const campaign of all.filter((c) => c.year === 2020 || c.year === 2021))
      expect((await slotsOf(campaign.id)).some((slot) => slot.kind === 'preschool')).toBe(false);
    const preschool = all.find((c) => c.year !== 2020 && c.year !== 2021)!;
    expect(preschool.state).toBe('open');
    const slots = await slotsOf(preschool.id);
    // Four kindergartens of Куменский and Подосиновский, each with a head, a senior educator and an educator.
    const preschoolSlots = slots.filter((slot) => slot.kind === 'preschool');
    expect(preschoolSlots).toHaveLength(12);
    expect(new Set(preschoolSlots.map((slot) => slot.role))).toEqual(new Set(['head', 'senior_educator', 'educator']));
    expect(new Set(slots.filter((slot) => slot.kind === 'school').map((slot) => slot.role))).toEqual(
      new Set(['director', 'deputy_director', 'teacher']),
    );
  });
});
