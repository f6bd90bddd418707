import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schools } from '../../../db/schema';
import type { SurveyJson } from '../methodology/assemble';
import { sampleAnswers } from '../methodology/sample-answers';
import type { MunicipalityScore } from '../scoring/scoring.schemas';
import { createTestApp, uniqueAddress, type TestApp } from '../../test/app';
import { draftCampaign, launchCampaign, submitMunicipalForm, submitQuestionnaire, type IssuedCode } from '../../test/campaign-journey';

// A campaign of the Kazan-style catalogue, whose preschool mechanism 2.4 asks schools and kindergartens (ДОО), beside
// 1.1, which asks schools only: kindergartens get questionnaires of their own roles, the response-rate guard counts
// them against their own total for the mechanisms they are asked about, and a component asked of both kinds is
// corroborated by both.

let t: TestApp;
let campaignId: number;
let codes: IssuedCode[];
const kindergartens: Record<'kumeny1' | 'kumeny2' | 'kirov', number> = { kumeny1: 0, kumeny2: 0, kirov: 0 };

/** A respondent who answers «Нет» wherever the sample answers «Да» or «Частично» (so the follow-up stays hidden). */
async function submitDenying(code: string) {
  const entered = await t.app.inject({ method: 'POST', url: '/api/respondent/session', payload: { code }, remoteAddress: uniqueAddress() });
  const cookies = { muko_respondent: entered.cookies.find((c) => c.name === 'muko_respondent')!.value };
  const definition: SurveyJson = (await t.app.inject({ method: 'GET', url: '/api/respondent/definition', cookies })).json();
  const answers = Object.fromEntries(
    Object.entries(sampleAnswers(definition))
      .filter(([name]) => name !== 'm2_4_dou_results')
      .map(([name, value]) => [name, value === 'yes' || value === 'partly' ? 'no' : value]),
  );
  const submitted = await t.app.inject({
    method: 'POST',
    url: '/api/respondent/submit',
    cookies,
    payload: { answers, revision: 0, currentPage: 0, saveId: randomUUID() },
  });
  if (submitted.statusCode !== 200) throw new Error(`submission refused: ${submitted.body}`);
}

beforeAll(async () => {
  t = await createTestApp();
  const { kumeny, kirovCity } = t.fixture.municipalities;
  const regionId = t.fixture.regions.kirov;
  const kindergarten = (municipalityId: number, code: string, name: string) => ({
    regionId,
    municipalityId,
    code,
    fullName: `Муниципальное казённое дошкольное образовательное учреждение «${name}»`,
    shortName: `МКДОУ «${name}»`,
    locality: 'urban' as const,
    kind: 'preschool' as const,
  });
  const [k1, k2, k3] = await t.database.db
    .insert(schools)
    .values([
      kindergarten(kumeny, 'KUM-D01', 'Детский сад № 1 «Солнышко» пгт Кумёны'),
      kindergarten(kumeny, 'KUM-D02', 'Детский сад «Колосок» с. Вожгалы'),
      kindergarten(kirovCity, 'KIR-D05', 'Детский сад № 5 «Радуга» г. Кирова'),
    ])
    .returning({ id: schools.id });
  Object.assign(kindergartens, { kumeny1: k1!.id, kumeny2: k2!.id, kirov: k3!.id });

  campaignId = await draftCampaign(t, { methodologyId: 'regional-preschool-2021', mechanismCodes: ['1.1', '2.4'] });
  codes = await launchCampaign(t, campaignId);
  for (const code of codes) {
    const preschool = Object.values(kindergartens).includes(code.schoolId);
    // Кумёны: both schools answer, one kindergarten of two (its head only) — half of the kindergartens.
    // Киров: the school answers as the sample does (confirming), the kindergarten denies everything.
    if (!preschool) await submitQuestionnaire(t, code.code);
    else if (code.schoolId === kindergartens.kumeny1 && code.respondentRole === 'head') await submitQuestionnaire(t, code.code);
    else if (code.schoolId === kindergartens.kirov) await submitDenying(code.code);
  }
  await submitMunicipalForm(t, 'municipal', campaignId, kumeny);
  await submitMunicipalForm(t, 'municipalKirovCity', campaignId, kirovCity);
  await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/close` });
  const run = await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/scoring-runs` });
  if (run.statusCode !== 201) throw new Error(`scoring refused: ${run.body}`);
}, 120_000);
afterAll(async () => t?.close());

async function scoreOf(municipalityId: number): Promise<MunicipalityScore> {
  const response = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/results/${municipalityId}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().score as MunicipalityScore;
}

describe('scoring a campaign with kindergartens', () => {
  it('issues kindergartens the questionnaires of their own roles', () => {
    const roles = (schoolId: number) => codes.filter((code) => code.schoolId === schoolId).map((code) => code.respondentRole);
    expect(roles(kindergartens.kirov).sort()).toEqual(['educator', 'head', 'senior_educator']);
    expect(roles(t.fixture.schools.kirovSchool).sort()).toEqual(['deputy_director', 'director', 'teacher']);
  });

  it('tells the results pages that the campaign asks schools and kindergartens', async () => {
    const matrix = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/results` });
    expect(matrix.statusCode, matrix.body).toBe(200);
    expect(matrix.json().organisationKinds).toEqual(['school', 'preschool']);
    const detail = await t.request('regional', {
      method: 'GET',
      url: `/api/campaigns/${campaignId}/results/${t.fixture.municipalities.kumeny}`,
    });
    expect(detail.json().organisationKinds).toEqual(['school', 'preschool']);
  });

  it('withholds the levels of the mechanism kindergartens are asked about where too few of them answered, and says so', async () => {
    const score = await scoreOf(t.fixture.municipalities.kumeny);
    expect(score.responseRate).toMatchObject({
      totalSchools: 4,
      respondingSchools: 3,
      sufficient: false,
      byKind: [
        { organisationKind: 'school', totalSchools: 2, respondingSchools: 2, sufficient: true },
        { organisationKind: 'preschool', totalSchools: 2, respondingSchools: 1, sufficient: false },
      ],
    });
    expect(score.responseRate.explanation).toBe(
      'Школ, где заполнена хотя бы одна анкета: 2 из 2 (100\u00a0%); детских садов, где заполнена хотя бы одна анкета: 1 из 2 (50\u00a0%) — у детских садов меньше 60\u00a0%.' +
        ' Вместо уровня механизма 2.4 — «недостаточно данных»: в его оценке участвуют детские сады.' +
        ' Общий уровень считается по всем механизмам, поэтому вместо него тоже — «недостаточно данных».' +
        ' Уровень механизма 1.1 присваивается: детских садов о нём не спрашивают.',
    );
    expect(score.insufficientDataLabel).toBe('недостаточно данных');
    const [schoolsOnly, preschool] = score.mechanisms;
    expect(schoolsOnly).toMatchObject({ code: '1.1', guard: { organisationKinds: ['school'], sufficient: true } });
    expect(schoolsOnly!.level).toBe(schoolsOnly!.cappedLevel);
    expect(preschool).toMatchObject({ code: '2.4', level: null, guard: { organisationKinds: ['school', 'preschool'], sufficient: false } });
    expect(preschool!.guard.explanation).toMatch(/ — у детских садов меньше 60\u00a0%, поэтому вместо уровня — «недостаточно данных»\.$/);
    expect(score.overall.level).toBeNull();

    // The run stores the same: the matrix shows 1.1's level, and «недостаточно данных» for 2.4 and overall.
    const matrix = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/results` });
    // The legend's «недостаточно данных» reads the methodology's threshold and the kinds the campaign asks.
    expect(matrix.json()).toMatchObject({ minResponseShare: 0.6, organisationKinds: ['school', 'preschool'] });
    const row = matrix.json().municipalities.find((m: { municipalityId: number }) => m.municipalityId === t.fixture.municipalities.kumeny);
    expect(row).toMatchObject({ insufficientData: true, overall: { level: null, computedLevel: null } });
    expect(row.cells.map((cell: { mechanismCode: string; level: number | null }) => [cell.mechanismCode, cell.level])).toEqual([
      ['1.1', schoolsOnly!.cappedLevel],
      ['2.4', null],
    ]);
  });

  it('corroborates the preschool mechanism by schools and kindergartens together, and names each kind', async () => {
    const score = await scoreOf(t.fixture.municipalities.kirovCity);
    expect(score.responseRate).toMatchObject({ totalSchools: 2, respondingSchools: 2, sufficient: true });
    expect(score.responseRate.explanation).toBe(
      'Школ, где заполнена хотя бы одна анкета: 1 из 1 (100\u00a0%); детских садов, где заполнена хотя бы одна анкета: 1 из 1 (100\u00a0%) — в каждом случае не меньше 60\u00a0%, данных достаточно.',
    );
    expect(score.mechanisms.map((mechanism) => mechanism.level)).not.toContain(null);
    const preschool = score.mechanisms.find((mechanism) => mechanism.code === '2.4')!;
    const monitoring = preschool.components.find((component) => component.code === 'monitoring')!;
    expect(monitoring.corroboration).toMatchObject({
      organisationKinds: ['school', 'preschool'],
      respondingSchools: 2,
      answeringSchools: 2,
      confirmingSchools: 1,
      share: 0.5,
      confirmingSchoolIds: [t.fixture.schools.kirovSchool],
      notConfirmingSchoolIds: [kindergartens.kirov],
      byKind: [
        { organisationKind: 'school', respondingSchools: 1, answeringSchools: 1, confirmingSchools: 1 },
        { organisationKind: 'preschool', respondingSchools: 1, answeringSchools: 1, confirmingSchools: 0 },
      ],
    });
    expect(monitoring).toMatchObject({ reconciliation: 'not_corroborated', points: 1 });
    expect(monitoring.reason).toBe(
      'Подтверждение организациями: 1 из 2 (50\u00a0%) ответивших по компоненту организаций (школ — 1 из 1, детских садов — 0 из 1) — меньше 60\u00a0%, поэтому не больше 1\u00a0балла: баллы снижены с 2 до 1.',
    );
    // Five components schools and kindergartens see at 1 point, four others at 2: 13 of 18 (72,2 %), «частично».
    expect(preschool).toMatchObject({ points: 13, level: 2, flags: [] });
    expect(preschool.explanation).toContain(
      'Организации не подтвердили сведения муниципалитета, баллы снижены: «Мониторинг показателей» (с 2 до 1), «Анализ результатов мониторинга» (с 2 до 1), «Адресные рекомендации» (с 2 до 1), «Меры, мероприятия» (с 2 до 1), «Управленческие решения» (с 2 до 1).',
    );
  });
});
