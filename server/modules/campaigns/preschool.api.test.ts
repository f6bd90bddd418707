import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schools } from '../../../db/schema';
import type { RespondentRole } from '../../../db/schema/values';
import { createTestApp, type TestApp } from '../../test/app';
import {
  campaignCodes,
  draftCampaign,
  enterQuestionnaire,
  launchCampaign,
  submitQuestionnaire,
  type IssuedCode,
} from '../../test/campaign-journey';
import type { SurveyJson } from '../methodology/assemble';
import type { CampaignProgress, MunicipalityDetail } from '../progress/progress.schemas';
import type { CampaignSchool } from './campaigns.schemas';

// Preschool organisations (issue #20 §7): a campaign gives each organisation the slots and codes of its kind's roles.

let t: TestApp;
/** A published regional version whose mechanism 2.4 asks the heads and educators of kindergartens. */
let preschoolMethodology = '';
let kindergartens: { kumeny: number; kirovCity: number };

type Doc = Record<string, any>;
const PRESCHOOL_ROLES = [
  { code: 'head', label: 'Заведующий', questionnaireTitle: 'Анкета руководителя дошкольной образовательной организации' },
  { code: 'educator', label: 'Воспитатель', questionnaireTitle: 'Анкета воспитателя' },
];

/** The shipped regional catalogue with exactly two ДОО roles (head and educator) and one question for them. */
async function publishPreschoolVersion(): Promise<string> {
  const forked = await t.request('regional', { method: 'POST', url: '/api/methodologies/regional-preschool-2021/fork' });
  expect(forked.statusCode, forked.body).toBe(201);
  const id: string = forked.json().version.id;
  const document = (await t.request('regional', { method: 'GET', url: `/api/methodologies/${id}/document` })).json<Doc>();
  const description = document.respondentRoles[0].questionnaireDescription;
  document.respondentRoles = [
    ...document.respondentRoles.filter((role: Doc) => role.organisationKind !== 'preschool'),
    ...PRESCHOOL_ROLES.map((role) => ({ ...role, organisationKind: 'preschool', questionnaireDescription: description })),
  ];
  const preschool = document.mechanisms.find((mechanism: Doc) => mechanism.code === '2.4');
  // The shipped ДОО questions give way to one question for the two roles this test uses.
  for (const item of preschool.questionnaire.questions)
    item.roles = item.roles.filter((role: string) => !['head', 'senior_educator', 'educator'].includes(role));
  preschool.questionnaire.questions = preschool.questionnaire.questions.filter((item: Doc) => item.roles.length > 0);
  preschool.questionnaire.questions.push({
    roles: ['head', 'educator'],
    question: {
      type: 'radiogroup',
      name: 'm2_4_kindergarten_monitored',
      title: 'Участвовал ли ваш детский сад за последние два года в мониторинге качества дошкольного образования?',
      isRequired: true,
      choices: [
        { value: 'yes', text: 'Да' },
        { value: 'no', text: 'Нет' },
      ],
    },
  });
  const saved = await t.request('regional', { method: 'PUT', url: `/api/methodologies/${id}/document`, payload: document });
  expect(saved.statusCode, saved.body).toBe(200);
  const published = await t.request('regional', { method: 'POST', url: `/api/methodologies/${id}/publish` });
  expect(published.statusCode, published.body).toBe(200);
  return id;
}

async function addKindergarten(municipalityId: number, code: string, shortName: string): Promise<number> {
  const [row] = await t.database.db
    .insert(schools)
    .values({
      regionId: t.fixture.regions.kirov,
      municipalityId,
      code,
      fullName: `Муниципальное казённое дошкольное образовательное учреждение «${shortName}»`,
      shortName,
      locality: 'urban',
      kind: 'preschool',
    })
    .returning({ id: schools.id });
  return row!.id;
}

const rolesOf = (codes: IssuedCode[], schoolId: number) =>
  codes.filter((code) => code.schoolId === schoolId).map((code) => code.respondentRole);

async function progress(campaignId: number) {
  const response = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/progress` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<CampaignProgress>();
}

beforeAll(async () => {
  t = await createTestApp();
  preschoolMethodology = await publishPreschoolVersion();
  kindergartens = {
    kumeny: await addKindergarten(t.fixture.municipalities.kumeny, 'KUM-D1', 'МКДОУ детский сад «Солнышко» пгт Кумёны'),
    kirovCity: await addKindergarten(t.fixture.municipalities.kirovCity, 'KIR-D7', 'МБДОУ детский сад № 7 г. Кирова'),
  };
});
afterAll(async () => t?.close());

describe('a campaign asking schools and kindergartens', () => {
  let campaignId: number;
  let codes: IssuedCode[];
  const schoolRoles: RespondentRole[] = ['director', 'deputy_director', 'teacher'];
  const preschoolRoles: RespondentRole[] = ['head', 'educator'];

  beforeAll(async () => {
    campaignId = await draftCampaign(t, {
      title: 'Школы и детские сады',
      methodologyId: preschoolMethodology,
      mechanismCodes: ['1.1', '2.4'],
    });
    codes = await launchCampaign(t, campaignId);
  });

  it('gives every organisation the slots and codes of its own kind’s roles only', async () => {
    const { schools: fixtureSchools } = t.fixture;
    for (const school of [fixtureSchools.kumenySchool1, fixtureSchools.kumenySchool2, fixtureSchools.kirovSchool])
      expect(rolesOf(codes, school), `school ${school}`).toEqual(schoolRoles);
    for (const kindergarten of Object.values(kindergartens)) expect(rolesOf(codes, kindergarten)).toEqual(preschoolRoles);
    expect(codes).toHaveLength(3 * 3 + 2 * 2);
    expect(codes.every((code) => code.code.length > 0)).toBe(true);
  });

  it('lists a kindergarten’s codes together, named for its roles, on the screen and in the XLSX sheet', async () => {
    const kumeny = await campaignCodes(t, campaignId, `?municipalityId=${t.fixture.municipalities.kumeny}`);
    const kindergartenRows = kumeny
      .map((code, index) => ({ index, code }))
      .filter(({ code }) => code.schoolId === kindergartens.kumeny)
      .map(({ index }) => index);
    expect(kindergartenRows).toEqual([kindergartenRows[0], kindergartenRows[0]! + 1]);
    expect(kumeny[kindergartenRows[0]!]).toMatchObject({
      organisationKind: 'preschool',
      schoolName: 'МКДОУ детский сад «Солнышко» пгт Кумёны',
    });

    const sheet = await t.request('regional', {
      method: 'GET',
      url: `/api/campaigns/${campaignId}/access-codes.xlsx?municipalityId=${t.fixture.municipalities.kumeny}`,
    });
    expect(sheet.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    const rows: string[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as string[]).slice(1)));
    expect(rows[3]!.slice(1, 4)).toEqual(['Код организации', 'Организация', 'Респондент']);
    const kindergartenSheetRows = rows.filter((row) => row[1] === 'KUM-D1');
    expect(kindergartenSheetRows.map((row) => [row[2], row[3]])).toEqual([
      ['МКДОУ детский сад «Солнышко» пгт Кумёны', 'Заведующий'],
      ['МКДОУ детский сад «Солнышко» пгт Кумёны', 'Воспитатель'],
    ]);
  });

  it('opens a kindergarten head’s questionnaire under the methodology’s title for the role', async () => {
    const head = codes.find((code) => code.schoolId === kindergartens.kirovCity && code.respondentRole === 'head')!;
    const cookies = await enterQuestionnaire(t, head.code);
    const context = (await t.app.inject({ method: 'GET', url: '/api/respondent/questionnaire', cookies })).json();
    expect(context).toMatchObject({ respondentRole: 'head', school: { shortName: 'МБДОУ детский сад № 7 г. Кирова' } });
    const definition: SurveyJson = (await t.app.inject({ method: 'GET', url: '/api/respondent/definition', cookies })).json();
    expect(definition.title).toBe(PRESCHOOL_ROLES[0]!.questionnaireTitle);
    expect(definition.pages.flatMap((page) => page.elements.map((element) => element.name))).toEqual(['m2_4_kindergarten_monitored']);
  });

  it('reports completion per kind, in the totals and for each municipality', async () => {
    await submitQuestionnaire(t, codes.find((code) => code.schoolId === kindergartens.kumeny && code.respondentRole === 'head')!.code);
    await submitQuestionnaire(t, codes.find((code) => code.schoolId === kindergartens.kumeny && code.respondentRole === 'educator')!.code);
    await submitQuestionnaire(
      t,
      codes.find((code) => code.schoolId === t.fixture.schools.kirovSchool && code.respondentRole === 'teacher')!.code,
    );
    const { totals, organisationKinds, municipalities } = await progress(campaignId);
    expect(organisationKinds).toEqual(['school', 'preschool']);
    expect(totals).toMatchObject({ schools: 5, respondingSchools: 2, completeSchools: 1, questionnaires: 13, submitted: 3 });
    expect(totals.byKind).toEqual([
      {
        kind: 'school',
        schools: 3,
        respondingSchools: 1,
        completeSchools: 0,
        questionnaires: 9,
        submitted: 1,
        inProgress: 0,
        notStarted: 8,
      },
      {
        kind: 'preschool',
        schools: 2,
        respondingSchools: 1,
        completeSchools: 1,
        questionnaires: 4,
        submitted: 2,
        inProgress: 0,
        notStarted: 2,
      },
    ]);
    const kumeny = municipalities.find((m) => m.municipalityId === t.fixture.municipalities.kumeny)!;
    expect(kumeny.byKind).toEqual([
      {
        kind: 'school',
        schools: 2,
        respondingSchools: 0,
        completeSchools: 0,
        questionnaires: 6,
        submitted: 0,
        inProgress: 0,
        notStarted: 6,
      },
      {
        kind: 'preschool',
        schools: 1,
        respondingSchools: 1,
        completeSchools: 1,
        questionnaires: 2,
        submitted: 2,
        inProgress: 0,
        notStarted: 0,
      },
    ]);
    const sheet = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/progress.xlsx` });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0]!.getSheetValues().map((row) => (row as unknown[]).slice(1));
    expect(rows[4]!.slice(1, 2)).toEqual(['Организаций']);
    expect(rows[4]!.slice(9, 14)).toEqual([
      'Школы: всего',
      'Школы: с отправленными анкетами',
      'Школы: анкет',
      'Школы: отправлено',
      'Детские сады: всего',
    ]);
    expect(rows.at(-1)!.slice(0, 1).concat(rows.at(-1)!.slice(9, 17))).toEqual(['Итого', 3, 1, 9, 1, 2, 1, 4, 2]);
    // A municipal coordinator's totals are their own district's.
    const own = (await t.request('municipal', { method: 'GET', url: `/api/campaigns/${campaignId}/progress` })).json<CampaignProgress>();
    expect(own.totals.byKind).toEqual(kumeny.byKind);
  });

  it('names the campaign’s roles with their kinds and each organisation’s kind in a municipality’s detail', async () => {
    const response = await t.request('municipal', {
      method: 'GET',
      url: `/api/campaigns/${campaignId}/progress/${t.fixture.municipalities.kumeny}`,
    });
    const detail = response.json<MunicipalityDetail>();
    expect(detail.roles).toEqual([
      { role: 'director', label: 'Директор', organisationKind: 'school' },
      { role: 'deputy_director', label: 'Заместитель директора', organisationKind: 'school' },
      { role: 'teacher', label: 'Педагогический работник', organisationKind: 'school' },
      { role: 'head', label: 'Заведующий', organisationKind: 'preschool' },
      { role: 'educator', label: 'Воспитатель', organisationKind: 'preschool' },
    ]);
    const kindergarten = detail.schools.find((school) => school.schoolId === kindergartens.kumeny)!;
    expect(kindergarten.kind).toBe('preschool');
    expect(kindergarten.questionnaires.map((q) => [q.respondentRole, q.status])).toEqual([
      ['head', 'submitted'],
      ['educator', 'submitted'],
    ]);
  });

  it('adds a late kindergarten with the kindergarten roles’ slots only', async () => {
    const late = await addKindergarten(t.fixture.municipalities.kumeny, 'KUM-D2', 'МКДОУ детский сад д. Поздняя');
    const added = await t.request('municipal', {
      method: 'POST',
      url: `/api/campaigns/${campaignId}/schools`,
      payload: { schoolIds: [late] },
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toEqual({ added: 1, reincluded: 0, codesIssued: 2 });
    expect(rolesOf(await campaignCodes(t, campaignId, `?schoolId=${late}`), late)).toEqual(preschoolRoles);
    const { totals } = await progress(campaignId);
    expect(totals.byKind.map(({ kind, schools: count, questionnaires }) => [kind, count, questionnaires])).toEqual([
      ['school', 3, 9],
      ['preschool', 3, 6],
    ]);
  });
});

describe('a campaign asking schools only', () => {
  it('gives kindergartens no slots, neither lists nor adds them, and reports completion without a split by kind', async () => {
    const campaignId = await draftCampaign(t, { title: 'Только школы', mechanismCodes: ['1.1'] });
    const codes = await launchCampaign(t, campaignId);
    for (const kindergarten of Object.values(kindergartens)) expect(rolesOf(codes, kindergarten)).toEqual([]);
    const listed = (await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/schools` })).json<CampaignSchool[]>();
    expect(listed.map((school) => [school.kind, school.status])).toEqual([
      ['school', 'in'],
      ['school', 'in'],
      ['school', 'in'],
    ]);
    const refused = await t.request('regional', {
      method: 'POST',
      url: `/api/campaigns/${campaignId}/schools`,
      payload: { schoolIds: [kindergartens.kumeny] },
    });
    expect(refused.statusCode).toBe(404);
    expect(new Set(codes.map((code) => code.respondentRole))).toEqual(new Set(['director', 'deputy_director', 'teacher']));
    const { totals, organisationKinds, municipalities } = await progress(campaignId);
    expect(organisationKinds).toEqual(['school']);
    expect(totals).toMatchObject({ schools: 3, questionnaires: 9, byKind: [] });
    expect(municipalities.every((m) => m.byKind.length === 0)).toBe(true);
  });
});
