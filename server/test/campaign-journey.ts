import { randomUUID } from 'node:crypto';
import type { AccessCodeSlot } from '../modules/campaigns/campaigns.schemas';
import type { SurveyJson } from '../modules/methodology/assemble';
import { sampleAnswers } from '../modules/methodology/sample-answers';
import { uniqueAddress, type TestApp } from './app';
import type { FixtureUserKey } from './fixture';

/** A questionnaire slot whose code the coordinators can read (every code issued by this version can be read). */
export type IssuedCode = AccessCodeSlot & { code: string };

/** The live codes of a launched campaign, as its region coordinator reads them; `query` narrows them (`?schoolId=…`). */
export async function campaignCodes(t: TestApp, campaignId: number, query = ''): Promise<IssuedCode[]> {
  const listed = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/access-codes${query}` });
  if (listed.statusCode !== 200) throw new Error(`code list refused: ${listed.body}`);
  return listed.json().codes as IssuedCode[];
}

/** A draft of the Kirov region, open from an hour ago for a day unless `overrides` say otherwise; returns its id. */
export async function draftCampaign(t: TestApp, overrides: Record<string, unknown> = {}): Promise<number> {
  const created = await t.request('regional', {
    method: 'POST',
    url: '/api/campaigns',
    payload: {
      title: 'Кампания теста',
      year: 2026,
      methodologyId: 'federal-2020',
      mechanismCodes: ['1.1'],
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 86400_000).toISOString(),
      ...overrides,
    },
  });
  if (created.statusCode !== 201) throw new Error(`draft refused: ${created.body}`);
  return created.json().id as number;
}

/** Launches a draft of the Kirov region and returns its codes. */
export async function launchCampaign(t: TestApp, campaignId: number): Promise<IssuedCode[]> {
  const launched = await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/launch` });
  if (launched.statusCode !== 200) throw new Error(`launch refused: ${launched.body}`);
  return campaignCodes(t, campaignId);
}

/** A respondent enters the code (from an address of their own); returns the cookies of their questionnaire session. */
export async function enterQuestionnaire(t: TestApp, code: string) {
  const entered = await t.app.inject({ method: 'POST', url: '/api/respondent/session', payload: { code }, remoteAddress: uniqueAddress() });
  if (entered.statusCode !== 200) throw new Error(`code refused: ${entered.body}`);
  return { muko_respondent: entered.cookies.find((c) => c.name === 'muko_respondent')!.value };
}

/** A respondent enters the code and submits complete answers. */
export async function submitQuestionnaire(t: TestApp, code: string) {
  const cookies = await enterQuestionnaire(t, code);
  const definition: SurveyJson = (await t.app.inject({ method: 'GET', url: '/api/respondent/definition', cookies })).json();
  const submitted = await t.app.inject({
    method: 'POST',
    url: '/api/respondent/submit',
    cookies,
    payload: { answers: sampleAnswers(definition), revision: 0, currentPage: 0, saveId: randomUUID() },
  });
  if (submitted.statusCode !== 200) throw new Error(`submission refused: ${submitted.body}`);
}

/** A municipal coordinator submits the district's municipal form with complete answers. */
export async function submitMunicipalForm(t: TestApp, user: FixtureUserKey, campaignId: number, municipalityId: number) {
  const base = `/api/campaigns/${campaignId}/municipal-forms/${municipalityId}`;
  const definition: SurveyJson = (await t.request(user, { method: 'GET', url: `${base}/definition` })).json();
  const submitted = await t.request(user, {
    method: 'POST',
    url: `${base}/submit`,
    payload: { answers: sampleAnswers(definition), revision: 0, currentPage: 0, saveId: randomUUID() },
  });
  if (submitted.statusCode !== 200) throw new Error(`municipal form refused: ${submitted.body}`);
}

/**
 * A campaign of the fixture's Kirov region taken through data collection: launched, every questionnaire and
 * municipal form submitted with complete answers (or only some, by `submitCode`), and closed.
 */
export async function collectedCampaign(
  t: TestApp,
  options: { title?: string; methodologyId?: string; mechanismCodes?: string[]; submitCode?: (code: IssuedCode) => boolean } = {},
) {
  const created = await t.request('regional', {
    method: 'POST',
    url: '/api/campaigns',
    payload: {
      title: options.title ?? 'Оценка механизмов — тест результатов',
      year: 2026,
      methodologyId: options.methodologyId ?? 'federal-2020',
      mechanismCodes: options.mechanismCodes ?? ['1.1', '2.1'],
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 86400_000).toISOString(),
    },
  });
  const campaignId: number = created.json().id;
  const codes = await launchCampaign(t, campaignId);
  for (const code of codes.filter(options.submitCode ?? (() => true))) await submitQuestionnaire(t, code.code);
  await submitMunicipalForm(t, 'municipal', campaignId, t.fixture.municipalities.kumeny);
  await submitMunicipalForm(t, 'municipalKirovCity', campaignId, t.fixture.municipalities.kirovCity);
  await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/close` });
  return { campaignId, codes };
}
