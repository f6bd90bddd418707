import { describe, expect, it } from 'vitest';
import type { Corroboration, ResponseRate } from '@server/modules/scoring/scoring.schemas';
import {
  allOrNoneConfirmedText,
  answeredOfText,
  campaignWords,
  confirmedOfText,
  noShareText,
  respondedParts,
  respondedText,
  respondingWords,
} from './kind-text';

const kindRate = (organisationKind: 'school' | 'preschool', respondingSchools: number, totalSchools: number) => ({
  organisationKind,
  respondingSchools,
  totalSchools,
  share: totalSchools ? respondingSchools / totalSchools : 0,
  sufficient: true,
});

const rate = (byKind: ResponseRate['byKind']): ResponseRate => ({
  totalSchools: byKind.reduce((sum, kind) => sum + kind.totalSchools, 0),
  respondingSchools: byKind.reduce((sum, kind) => sum + kind.respondingSchools, 0),
  submittedQuestionnaires: 130,
  share: 0.75,
  minShare: 0.5,
  sufficient: true,
  byKind,
  explanation: '',
});

const corroboration = (over: Partial<Corroboration>): Corroboration => ({
  shareOver: 'answering_schools',
  organisationKinds: ['school'],
  byKind: [],
  respondingSchools: 6,
  answeringSchools: 4,
  confirmingSchools: 3,
  share: 0.75,
  confirmingSchoolIds: [],
  notConfirmingSchoolIds: [],
  silentSchools: [],
  questions: [],
  ...over,
});

describe('response rate by organisation kind', () => {
  it('reads as before for a campaign of schools only', () => {
    const schools = rate([kindRate('school', 40, 52)]);
    expect(respondedParts(schools)).toEqual(['40 из 52']);
    expect(respondedText(schools)).toBe('40 из 52 школ, 130 анкет');
    expect(respondingWords(schools).genitive).toBe('школ');
    expect(campaignWords(schools).instrumental).toBe('школами');
  });

  it('gives each kind apart when the municipality has organisations of both', () => {
    const both = rate([kindRate('school', 40, 52), kindRate('preschool', 3, 5)]);
    expect(respondedParts(both)).toEqual(['Школы: 40 из 52 (77 %)', 'Детские сады: 3 из 5 (60 %)']);
    expect(respondedText(both)).toBe('Школы: 40 из 52 (77 %) · Детские сады: 3 из 5 (60 %); 130 анкет');
    expect(respondingWords(both).genitive).toBe('организаций');
  });

  it('names only the kind the municipality has, while the campaign asks both', () => {
    const noKindergartens = rate([kindRate('school', 4, 6), kindRate('preschool', 0, 0)]);
    expect(respondedText(noKindergartens)).toBe('4 из 6 школ, 130 анкет');
    expect(campaignWords(noKindergartens).plural).toBe('организации');
    expect(respondedText(rate([kindRate('preschool', 2, 3)]))).toBe('2 из 3 детских садов, 130 анкет');
  });
});

describe('a results matrix row by the kinds the campaign asks', () => {
  it('reads as before for a campaign of schools only, or one frozen before kinds', () => {
    expect(answeredOfText(['school'], 40, 52)).toBe('школ ответило 40 из 52');
    expect(answeredOfText([], 40, 52)).toBe('школ ответило 40 из 52');
  });

  it('counts organisations for a campaign asking both kinds, and kindergartens for one asking only them', () => {
    expect(answeredOfText(['school', 'preschool'], 43, 57)).toBe('организаций ответило 43 из 57');
    expect(answeredOfText(['preschool'], 3, 5)).toBe('детских садов ответило 3 из 5');
  });
});

describe('corroboration by organisation kind', () => {
  it('reads as before for a component only schools are asked', () => {
    expect(confirmedOfText(corroboration({}))).toBe('3 из 4 ответивших школ');
    expect(confirmedOfText(corroboration({ shareOver: 'responding_schools' }))).toBe('3 из 6 школ');
    expect(noShareText(corroboration({ share: null }))).toBe('школы не ответили');
    expect(noShareText(corroboration({ share: null, respondingSchools: 0 }))).toBe('ни одна школа не ответила');
    expect(allOrNoneConfirmedText(corroboration({}), true)).toBe('Не подтвердила ни одна школа.');
    expect(allOrNoneConfirmedText(corroboration({}), false)).toBe('Подтвердили все ответившие школы.');
  });

  it('adds each kind’s part and says «организаций» for a component asked of both', () => {
    const both = corroboration({
      organisationKinds: ['school', 'preschool'],
      byKind: [
        { organisationKind: 'school', respondingSchools: 4, answeringSchools: 3, confirmingSchools: 2 },
        { organisationKind: 'preschool', respondingSchools: 2, answeringSchools: 1, confirmingSchools: 1 },
      ],
    });
    expect(confirmedOfText(both)).toBe('3 из 4 ответивших организаций (школ — 2 из 3, детских садов — 1 из 1)');
    expect(confirmedOfText({ ...both, shareOver: 'responding_schools' })).toBe(
      '3 из 6 организаций (школ — 2 из 4, детских садов — 1 из 2)',
    );
  });

  it('speaks of kindergartens for a component only kindergartens are asked', () => {
    const preschool = corroboration({ organisationKinds: ['preschool'] });
    expect(confirmedOfText(preschool)).toBe('3 из 4 ответивших детских садов');
    expect(noShareText({ ...preschool, respondingSchools: 0 })).toBe('ни один детский сад не ответил');
    expect(allOrNoneConfirmedText(preschool, true)).toBe('Не подтвердил ни один детский сад.');
  });
});
