import { randomUUID } from 'node:crypto';
import type { IssuedCode } from '../modules/campaigns/campaigns.schemas';
import type { SurveyJson } from '../modules/methodology/assemble';
import { sampleAnswers } from '../modules/methodology/sample-answers';
import { uniqueAddress, type TestApp } from './app';

/**
 * A campaign of the fixture's Kirov region taken through data collection: launched, every questionnaire and
 * municipal form submitted with complete answers (or only some, by `submitCode`), and closed.
 */
export async function collectedCampaign(
  t: TestApp,
  options: { title?: string; mechanismCodes?: string[]; submitCode?: (code: IssuedCode) => boolean } = {},
) {
  const created = await t.request('regional', {
    method: 'POST',
    url: '/api/campaigns',
    payload: {
      title: options.title ?? 'Оценка механизмов — тест результатов',
      year: 2026,
      methodologyId: 'federal-2020',
      mechanismCodes: options.mechanismCodes ?? ['1.1', '2.1'],
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 86400_000).toISOString(),
    },
  });
  const campaignId: number = created.json().id;
  const codes: IssuedCode[] = (await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/launch` })).json().issued
    .codes;
  for (const code of codes.filter(options.submitCode ?? (() => true))) {
    const entered = await t.app.inject({
      method: 'POST',
      url: '/api/respondent/session',
      payload: { code: code.code },
      remoteAddress: uniqueAddress(),
    });
    const cookies = { muko_respondent: entered.cookies.find((c) => c.name === 'muko_respondent')!.value };
    const definition: SurveyJson = (await t.app.inject({ method: 'GET', url: '/api/respondent/definition', cookies })).json();
    await t.app.inject({
      method: 'POST',
      url: '/api/respondent/submit',
      cookies,
      payload: { answers: sampleAnswers(definition), revision: 0, currentPage: 0, saveId: randomUUID() },
    });
  }
  for (const [user, municipalityId] of [
    ['municipal', t.fixture.municipalities.kumeny],
    ['municipalKirovCity', t.fixture.municipalities.kirovCity],
  ] as const) {
    const base = `/api/campaigns/${campaignId}/municipal-forms/${municipalityId}`;
    const definition: SurveyJson = (await t.request(user, { method: 'GET', url: `${base}/definition` })).json();
    await t.request(user, {
      method: 'POST',
      url: `${base}/submit`,
      payload: { answers: sampleAnswers(definition), revision: 0, currentPage: 0, saveId: randomUUID() },
    });
  }
  await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/close` });
  return { campaignId, codes };
}
