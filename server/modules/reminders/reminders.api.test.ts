import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, campaigns, jobs } from '../../../db/schema';
import { createTestApp, errorOf, type TestApp } from '../../test/app';
import { draftCampaign, launchCampaign, submitMunicipalForm, submitQuestionnaire, type IssuedCode } from '../../test/campaign-journey';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/smtp';
import type { ReminderPreview, SendRemindersResult } from './reminders.schemas';

const PUBLIC_URL = 'https://muko.example.ru';

let smtp: TestSmtpServer;
/** Sends through the in-test SMTP server. */
let t: TestApp;
/** No SMTP_URL, no PUBLIC_URL: preview only, links to the request's address. */
let offline: TestApp;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
  [t, offline] = await Promise.all([createTestApp({ ...smtp.config, publicUrl: PUBLIC_URL }), createTestApp()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([t?.close(), offline?.close()]);
  await smtp?.close();
});

const url = (id: number, path = '/reminders') => `/api/campaigns/${id}${path}`;
const preview = async (app: TestApp, id: number, query = '') => {
  const response = await app.request('regional', { method: 'GET', url: `${url(id, '/reminders/preview')}${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ReminderPreview>();
};
const send = async (id: number, body: object = {}) => {
  const response = await t.request('regional', { method: 'POST', url: url(id), payload: body });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<SendRemindersResult>();
};
/** Messages that arrive from now on. */
const arrivals = () => {
  const from = smtp.received.length;
  return { wait: async (count: number) => (await smtp.waitFor(from + count)).slice(from), since: () => smtp.received.slice(from) };
};

/**
 * A running campaign in which Куменский район has: school 1 with only the director's questionnaire submitted,
 * school 2 excluded (closed), the municipal form not started. Город Киров has submitted nothing.
 */
async function laggingCampaign(app: TestApp, title: string) {
  const id = await draftCampaign(app, { title });
  const codes = await launchCampaign(app, id);
  const f = app.fixture;
  const director = codes.find((c) => c.schoolId === f.schools.kumenySchool1 && c.respondentRole === 'director')!;
  await submitQuestionnaire(app, director.code);
  const excluded = await app.request('regional', {
    method: 'POST',
    url: url(id, '/exclusions'),
    payload: { schoolId: f.schools.kumenySchool2, reason: 'школа закрыта' },
  });
  expect(excluded.statusCode, excluded.body).toBe(200);
  return { id, codes };
}

const rolesOf = (codes: IssuedCode[], schoolId: number) => codes.filter((c) => c.schoolId === schoolId).map((c) => c.respondentRole);

describe('the preview of reminders', () => {
  it('writes to each coordinator of a lagging district what is missing there, linking to the district page', async () => {
    const { id, codes } = await laggingCampaign(offline, 'Кампания с напоминаниями');
    const f = offline.fixture;
    const result = await preview(offline, id);
    expect(result).toMatchObject({ campaignId: id, smtpConfigured: false, from: null, schedule: { campaignId: id, daysBefore: null } });
    expect(result.messages.map((m) => [m.municipalityName, m.to])).toEqual([
      ['город Киров', 'municipalkirovcity@fixture.test'],
      ['Куменский район', 'municipal@fixture.test'],
    ]);
    const kumeny = result.messages[1]!;
    expect(kumeny.subject).toMatch(
      /^Напоминание: «Кампания с напоминаниями» — приём анкет до \d{1,2} [а-я]+ \d{4} г\..*по московскому времени$/,
    );
    expect(kumeny.text).toContain('Здравствуйте, Тестовый пользователь municipal!');
    expect(kumeny.text).toMatch(/приём анкет от муниципалитета «Куменский район» заканчивается .+ по московскому времени\./);
    // Only the missing roles of school 1; the excluded school and the submitted director are not named.
    const missing = rolesOf(codes, f.schools.kumenySchool1).filter((role) => role !== 'director');
    expect(kumeny.text).toContain(`Не отправлены анкеты школ (${missing.length}):`);
    expect(kumeny.text).toMatch(/• МКОУ СОШ пгт Кумёны: заместитель директора — не начата; педагогический работник — не начата\n/);
    expect(kumeny.text).not.toContain('директор — ');
    expect(kumeny.text).not.toContain('Вожгалы');
    expect(kumeny.text).toContain('Муниципальная форма не отправлена (не начата).');
    // Without PUBLIC_URL, the link goes to the address the coordinator works at.
    expect(kumeny.text).toContain(`http://localhost:80/campaigns/${id}/municipalities/${f.municipalities.kumeny}`);
    // The mailto: link carries the very same message.
    const mailto = new URL(kumeny.mailto);
    expect(mailto.protocol).toBe('mailto:');
    expect(decodeURIComponent(mailto.pathname)).toBe('municipal@fixture.test');
    expect(mailto.searchParams.get('subject')).toBe(kumeny.subject);
    expect(mailto.searchParams.get('body')).toBe(kumeny.text.replace(/\n/g, '\r\n'));
    expect(result.skipped).toEqual([]);
  });

  it('narrows to the chosen districts, and says who is left out and why', async () => {
    const { id, codes } = await laggingCampaign(offline, 'Кампания с полным районом');
    const f = offline.fixture;
    // Город Киров sends everything; Куменский район loses its deadline (answers stop for it a minute ago).
    for (const code of codes.filter((c) => c.municipalityId === f.municipalities.kirovCity)) await submitQuestionnaire(offline, code.code);
    await submitMunicipalForm(offline, 'municipalKirovCity', id, f.municipalities.kirovCity);
    await offline.database.db
      .update(campaigns)
      .set({ closesAt: new Date(Date.now() - 60_000) })
      .where(eq(campaigns.id, id));
    const extended = await offline.request('regional', {
      method: 'POST',
      url: url(id, '/extend'),
      payload: { closesAt: new Date(Date.now() + 86400_000).toISOString(), municipalityIds: [f.municipalities.kirovCity] },
    });
    expect(extended.statusCode, extended.body).toBe(200);

    const all = await preview(offline, id);
    expect(all.messages).toEqual([]);
    expect(all.skipped.map((s) => [s.municipalityName, s.reason])).toEqual([
      ['город Киров', 'complete'],
      ['Куменский район', 'closed'],
    ]);
    expect(all.skipped[1]!.note).toMatch(/^Приём анкет закончился /);
    const one = await preview(offline, id, `?municipalityIds=${f.municipalities.kirovCity}`);
    expect(one.skipped.map((s) => s.municipalityName)).toEqual(['город Киров']);
  });

  it('leaves disabled coordinators out and names a district with nobody to write to', async () => {
    const { id } = await laggingCampaign(offline, 'Кампания без координатора');
    const f = offline.fixture;
    const disable = await offline.request('regional', {
      method: 'PATCH',
      url: `/api/users/${f.users.municipalKirovCity.id}`,
      payload: { disabled: true },
    });
    expect(disable.statusCode, disable.body).toBe(200);
    try {
      const result = await preview(offline, id);
      expect(result.messages.map((m) => m.to)).toEqual(['municipal@fixture.test']);
      expect(result.skipped).toMatchObject([{ municipalityName: 'город Киров', reason: 'no_coordinator' }]);
    } finally {
      await offline.request('regional', {
        method: 'PATCH',
        url: `/api/users/${f.users.municipalKirovCity.id}`,
        payload: { disabled: false },
      });
    }
  });

  it('without SMTP_URL refuses to send or schedule, saying why, and changes nothing', async () => {
    const { id } = await laggingCampaign(offline, 'Кампания без почты');
    const sent = await offline.request('regional', { method: 'POST', url: url(id), payload: {} });
    expect(sent.statusCode).toBe(409);
    expect(errorOf(sent).message).toMatch(/^Почта на сервере не настроена \(SMTP_URL и MAIL_FROM\): письма можно скопировать/);
    const scheduled = await offline.request('regional', { method: 'PUT', url: url(id, '/reminder-schedule'), payload: { daysBefore: 3 } });
    expect(scheduled.statusCode).toBe(409);
    const logged = await offline.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, String(id)), sql`${auditLog.action} like 'campaign.reminder%'`));
    expect(logged).toEqual([]);
  });
});

describe('sending reminders', () => {
  it('delivers one message per coordinator of the chosen district, as previewed, and audits it without its text', async () => {
    const { id } = await laggingCampaign(t, 'Кампания с рассылкой');
    const f = t.fixture;
    const [expected] = (await preview(t, id, `?municipalityIds=${f.municipalities.kumeny}`)).messages;
    expect(expected!.text).toContain(`${PUBLIC_URL}/campaigns/${id}/municipalities/${f.municipalities.kumeny}`);
    const inbox = arrivals();
    const result = await send(id, { municipalityIds: [f.municipalities.kumeny] });
    expect(result).toEqual({ sent: [{ municipalityId: f.municipalities.kumeny, to: 'municipal@fixture.test' }], failed: [], skipped: [] });
    const [mail] = await inbox.wait(1);
    expect(mail).toEqual({
      recipients: ['municipal@fixture.test'],
      from: '"МУКО" <muko@example.ru>',
      subject: expected!.subject,
      text: expected!.text,
    });
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'campaign.reminder_sent'), eq(auditLog.entityId, String(id))));
    expect(entry).toMatchObject({
      actor: 'regional@fixture.test',
      entityType: 'campaign',
      regionId: f.regions.kirov,
      municipalityId: f.municipalities.kumeny,
      after: { to: 'municipal@fixture.test', userId: f.users.municipal.id, automatic: false },
    });
    expect(JSON.stringify(entry)).not.toMatch(/Здравствуйте|Напоминание|МКОУ/);
  });

  it('writes to every lagging district without a list', async () => {
    const { id } = await laggingCampaign(t, 'Кампания со всеми районами');
    const inbox = arrivals();
    const result = await send(id);
    expect(result.sent.map((s) => s.to).sort()).toEqual(['municipal@fixture.test', 'municipalkirovcity@fixture.test']);
    const mails = await inbox.wait(2);
    expect(mails.map((m) => m.recipients[0]).sort()).toEqual(['municipal@fixture.test', 'municipalkirovcity@fixture.test']);
    expect(mails.find((m) => m.recipients[0] === 'municipalkirovcity@fixture.test')!.text).toContain('МБОУ СОШ № 16 г. Кирова');
  });

  it('reports a message the mail server refuses, and audits nothing for it', async () => {
    const refusing = await createTestApp({
      smtpUrl: smtp.config.smtpUrl!.replace('smtp-test-password', 'wrong'),
      mailFrom: 'x@example.ru',
    });
    try {
      const { id } = await laggingCampaign(refusing, 'Кампания с отказом почты');
      const response = await refusing.request('regional', {
        method: 'POST',
        url: url(id),
        payload: { municipalityIds: [refusing.fixture.municipalities.kumeny] },
      });
      expect(response.statusCode, response.body).toBe(200);
      const result = response.json<SendRemindersResult>();
      expect(result.sent).toEqual([]);
      expect(result.failed).toMatchObject([{ to: 'municipal@fixture.test' }]);
      expect(result.failed[0]!.error).toMatch(/^Почтовый сервер не принял письмо: /);
      const logged = await refusing.database.db.select().from(auditLog).where(eq(auditLog.action, 'campaign.reminder_sent'));
      expect(logged).toEqual([]);
    } finally {
      await refusing.close();
    }
  });
});

describe('automatic reminders', () => {
  const schedule = (id: number, daysBefore: number | null) =>
    t.request('regional', { method: 'PUT', url: url(id, '/reminder-schedule'), payload: { daysBefore } });

  it('sends once per coordinator when a deadline comes within N days, and again for an extended deadline', async () => {
    const { id } = await laggingCampaign(t, 'Кампания с автоматическими напоминаниями');
    const f = t.fixture;
    // The deadline is in a day: 2 days before it is now.
    const set = await schedule(id, 2);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ campaignId: id, daysBefore: 2 });
    expect((await preview(t, id)).schedule.daysBefore).toBe(2);

    const inbox = arrivals();
    await t.app.jobs.tick();
    const mails = await inbox.wait(2);
    expect(mails.map((m) => m.recipients[0]).sort()).toEqual(['municipal@fixture.test', 'municipalkirovcity@fixture.test']);
    expect(mails[0]!.text).toContain(`${PUBLIC_URL}/campaigns/${id}/`);
    await t.app.jobs.tick();
    await t.app.jobs.tick();
    expect(inbox.since()).toHaveLength(2);
    const automatic = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'campaign.reminder_sent'), eq(auditLog.entityId, String(id))));
    expect(automatic.map((entry) => [entry.actor, (entry.after as { automatic: boolean }).automatic])).toEqual([
      ['system', true],
      ['system', true],
    ]);

    // A week more for Куменский район: out of the window, nothing; two days before the new deadline, one more.
    const extend = (days: number) =>
      t.request('regional', {
        method: 'POST',
        url: url(id, '/extend'),
        payload: { closesAt: new Date(Date.now() + days * 86400_000).toISOString(), municipalityIds: [f.municipalities.kumeny] },
      });
    expect((await extend(7)).statusCode).toBe(200);
    await t.app.jobs.tick();
    expect(inbox.since()).toHaveLength(2);
    // Days later: the new deadline is 36 hours away (the deadline is moved, as time cannot be).
    await t.database.db.execute(
      sql`update campaign_municipalities set closes_at = now() + interval '36 hours' where campaign_id = ${id} and municipality_id = ${f.municipalities.kumeny}`,
    );
    await t.app.jobs.tick();
    const [again] = (await inbox.wait(3)).slice(2);
    expect(again!.recipients).toEqual(['municipal@fixture.test']);
  });

  it('sends nothing once turned off, or for a campaign whose deadline is further away', async () => {
    const far = await draftCampaign(t, {
      title: 'Кампания с далёким сроком',
      closesAt: new Date(Date.now() + 10 * 86400_000).toISOString(),
    });
    await launchCampaign(t, far);
    expect((await schedule(far, 3)).statusCode).toBe(200);
    const { id } = await laggingCampaign(t, 'Кампания, где напоминания выключили');
    expect((await schedule(id, 5)).statusCode).toBe(200);
    expect((await schedule(id, null)).json()).toEqual({ campaignId: id, daysBefore: null });
    const inbox = arrivals();
    await t.app.jobs.tick();
    expect(inbox.since()).toEqual([]);
    const queued = await t.database.db
      .select()
      .from(jobs)
      .where(sql`${jobs.payload}->>'campaignId' in (${String(far)}, ${String(id)})`);
    expect(queued).toEqual([]);
  });

  it('keeps a job that failed with its error, to be tried again later, and audits nothing', async () => {
    const refusing = await createTestApp({
      smtpUrl: smtp.config.smtpUrl!.replace('smtp-test-password', 'wrong'),
      mailFrom: 'x@example.ru',
    });
    try {
      const { id } = await laggingCampaign(refusing, 'Кампания, где почта отказала');
      const set = await refusing.request('regional', { method: 'PUT', url: url(id, '/reminder-schedule'), payload: { daysBefore: 3 } });
      expect(set.statusCode, set.body).toBe(200);
      await refusing.app.jobs.tick();
      const queued = await refusing.database.db.select().from(jobs);
      expect(queued).toHaveLength(2);
      for (const job of queued) {
        expect(job).toMatchObject({ kind: 'reminder', attempts: 1, doneAt: null, claimedAt: null });
        expect(job.lastError).toMatch(/Invalid login|Invalid username or password/);
        expect(job.runAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
      }
      const logged = await refusing.database.db.select().from(auditLog).where(eq(auditLog.action, 'campaign.reminder_sent'));
      expect(logged).toEqual([]);
    } finally {
      await refusing.close();
    }
  });
});

describe('who may remind, and with what', () => {
  it('refuses other roles, other regions, other districts, bad lists and campaigns not accepting answers', async () => {
    const { id } = await laggingCampaign(t, 'Кампания для проверок');
    const f = t.fixture;
    for (const user of ['municipal', 'expert'] as const) {
      expect((await t.request(user, { method: 'GET', url: url(id, '/reminders/preview') })).statusCode).toBe(403);
      expect((await t.request(user, { method: 'POST', url: url(id), payload: {} })).statusCode).toBe(403);
      expect((await t.request(user, { method: 'PUT', url: url(id, '/reminder-schedule'), payload: { daysBefore: 2 } })).statusCode).toBe(
        403,
      );
    }
    for (const call of [
      { method: 'GET' as const, url: url(id, '/reminders/preview') },
      { method: 'POST' as const, url: url(id), payload: {} },
      { method: 'PUT' as const, url: url(id, '/reminder-schedule'), payload: { daysBefore: 2 } },
    ]) {
      const response = await t.request('regionalTver', call);
      expect(response.statusCode).toBe(404);
    }
    const rzhev = await t.request('regional', {
      method: 'GET',
      url: url(id, `/reminders/preview?municipalityIds=${f.municipalities.rzhev}`),
    });
    expect(rzhev.statusCode).toBe(404);
    expect(errorOf(rzhev).message).toBe('Муниципалитет не участвует в кампании.');
    const rzhevPost = await t.request('regional', { method: 'POST', url: url(id), payload: { municipalityIds: [f.municipalities.rzhev] } });
    expect(rzhevPost.statusCode).toBe(404);

    const badQuery = await t.request('regional', { method: 'GET', url: url(id, '/reminders/preview?municipalityIds=abc') });
    expect(badQuery.statusCode).toBe(400);
    expect(errorOf(badQuery).message).toMatch(/[А-Яа-я]/);
    const empty = await t.request('regional', { method: 'POST', url: url(id), payload: { municipalityIds: [] } });
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(empty))).toContain('Выберите хотя бы один муниципалитет');
    for (const daysBefore of [0, 61, 2.5, '3']) {
      const response = await t.request('regional', { method: 'PUT', url: url(id, '/reminder-schedule'), payload: { daysBefore } });
      expect(response.statusCode, String(daysBefore)).toBe(400);
    }

    const draft = await draftCampaign(t, { title: 'Черновик для напоминаний' });
    expect((await t.request('regional', { method: 'GET', url: url(draft, '/reminders/preview') })).statusCode).toBe(409);
    // A draft may get its schedule before the launch.
    expect(
      (await t.request('regional', { method: 'PUT', url: url(draft, '/reminder-schedule'), payload: { daysBefore: 2 } })).statusCode,
    ).toBe(200);
    await t.request('regional', { method: 'POST', url: url(id, '/close') });
    const closed = await t.request('regional', { method: 'POST', url: url(id), payload: {} });
    expect(closed.statusCode).toBe(409);
    expect(errorOf(closed).message).toBe('Напоминания рассылаются, пока идёт приём анкет.');
    expect(
      (await t.request('regional', { method: 'PUT', url: url(id, '/reminder-schedule'), payload: { daysBefore: 2 } })).statusCode,
    ).toBe(409);
  });
});
