import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../db/client';
import { jobs } from '../../../db/schema';
import { buildApp, type App } from '../../app';
import { createTestApp, testConfig, type TestApp } from '../../test/app';
import { draftCampaign, launchCampaign } from '../../test/campaign-journey';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/smtp';

// Two server instances on one PostgreSQL database, each with its own connection pool and its own job poller.
let smtp: TestSmtpServer;
let t: TestApp;
let secondDatabase: DatabaseHandle;
let second: App;
beforeAll(async () => {
  // Each message is held a while, so the instances' jobs overlap in time.
  smtp = await startTestSmtpServer({ delayMs: 40 });
  const config = { ...smtp.config, publicUrl: 'https://muko.example.ru', jobPollIntervalMs: 20 };
  t = await createTestApp(config);
  const url = (t.database as DatabaseHandle & { url?: string }).url;
  if (!url) throw new Error('the two-instance test needs a PostgreSQL test database');
  secondDatabase = await openDatabase({ kind: 'postgres', url, maxConnections: 5 });
  second = await buildApp(testConfig(config), secondDatabase);
  await second.ready();
}, 60_000);
afterAll(async () => {
  await second?.close();
  await secondDatabase?.close();
  await t?.close();
  await smtp?.close();
});

describe('automatic reminders with several server instances', () => {
  it('sends each coordinator exactly one message, whichever instance runs the job', async () => {
    // More coordinators than instances, so both have jobs to claim at once.
    const extra = Array.from({ length: 8 }, (_, i) => `kumeny-${i}@fixture.test`);
    for (const email of extra) {
      const created = await t.request('regional', {
        method: 'POST',
        url: '/api/users',
        payload: {
          email,
          fullName: `Координатор Куменского района ${email}`,
          role: 'municipal_coordinator',
          municipalityId: t.fixture.municipalities.kumeny,
        },
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    const id = await draftCampaign(t, { title: 'Кампания на двух экземплярах' });
    await launchCampaign(t, id);
    const scheduled = await t.request('regional', {
      method: 'PUT',
      url: `/api/campaigns/${id}/reminder-schedule`,
      payload: { daysBefore: 3 },
    });
    expect(scheduled.statusCode, scheduled.body).toBe(200);

    const recipients = ['municipal@fixture.test', 'municipalkirovcity@fixture.test', ...extra].sort();
    // Besides their timers, both instances are made to poll at the same moments.
    for (let round = 0; round < 3; round++)
      await Promise.all([t.app.jobs.tick(), second.jobs.tick(), t.app.jobs.tick(), second.jobs.tick()]);
    await smtp.waitFor(recipients.length);
    // Several more polls of both instances: nothing is sent twice. A tick joins the pass under way (a timer's too),
    // so once these are awaited no send is still in flight on either instance, and each has made fresh passes.
    for (let round = 0; round < 3; round++) await Promise.all([t.app.jobs.tick(), second.jobs.tick()]);

    expect(smtp.received.map((mail) => mail.recipients.join()).sort()).toEqual(recipients);
    const rows = await t.database.db.select().from(jobs);
    expect(rows).toHaveLength(recipients.length);
    expect(rows.every((row) => row.doneAt !== null && row.attempts === 1 && row.lastError === null)).toBe(true);
  });
});
