import { describe, expect, it } from 'vitest';
import { assembleMunicipalForm, assembleQuestionnaire } from '../../server/modules/methodology/assemble';
import { checkAnswers } from '../../server/modules/methodology/check';
import { findMethodology } from '../../server/modules/methodology/methodology.repo';
import { compileScoring } from '../../server/modules/scoring/compile';
import { scoreMunicipality } from '../../server/modules/scoring/score';
import { kirov2020Responses } from './campaign-2020';
import { kirov2021Responses } from './campaign-2021';
import { kirovScoringInputs, type KirovCampaignData } from './campaign-generator';

const data = kirov2021Responses();
const methodology = findMethodology(data.campaign.methodologyId)!;

function overallLevels(generated: KirovCampaignData): Record<string, number | null> {
  const compiled = compileScoring(methodology, generated.campaign.mechanismCodes);
  return Object.fromEntries(
    kirovScoringInputs(compiled, generated).map((input) => [input.municipalityId, scoreMunicipality(compiled, input).overall.level]),
  );
}

describe('Kirov 2021 demo campaign, for comparison with 2020', () => {
  it('has 412 submitted questionnaires, 12 municipal forms, answered in September–October 2021', () => {
    expect(data.questionnaires).toHaveLength(412);
    expect(data.municipalForms).toHaveLength(12);
    expect(data.campaign).toMatchObject({ year: 2021, methodologyId: 'federal-2020', state: 'closed' });
    for (const { submittedAt } of [...data.questionnaires, ...data.municipalForms]) expect([8, 9]).toContain(submittedAt.getUTCMonth());
  });

  it('is the same on every call', () => {
    expect(kirov2021Responses()).toEqual(data);
  });

  it('passes the server’s check of a submission', { timeout: 60_000 }, () => {
    const codes = data.campaign.mechanismCodes;
    const questionnaires = Object.fromEntries(
      methodology.respondentRoles.map(({ code: role }) => [role, assembleQuestionnaire(methodology, codes, role)]),
    );
    const form = assembleMunicipalForm(methodology, codes);
    for (const q of data.questionnaires)
      expect(checkAnswers(questionnaires[q.role]!, q.answers, 'complete'), `${q.schoolCode} ${q.role}`).toEqual({ ok: true, errors: [] });
    for (const f of data.municipalForms)
      expect(checkAnswers(form, f.answers, 'complete'), f.municipalityCode).toEqual({ ok: true, errors: [] });
  });

  it('moves three municipalities and keeps the other nine where they were', () => {
    const before = overallLevels(kirov2020Responses());
    const after = overallLevels(data);
    const moved = { '4308': 1, '4309': 2, '4311': 1 };
    expect(before).toMatchObject({ '4308': 2, '4309': 1, '4311': 0 });
    expect(after).toEqual({ ...before, ...moved });
  });
});
