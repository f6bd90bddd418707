import { describe, expect, it } from 'vitest';
import { freezeCampaignDefinition } from '../campaigns/frozen-definition';
import { findMethodology } from './methodology.repo';
import { describeMethodology } from './methodology.service';
import { previewMethodology } from './preview';

const federal = findMethodology('federal-2020')!;
const allMechanisms = federal.mechanisms.map((mechanism) => mechanism.code);

describe('previewMethodology', () => {
  it('shows every declared role the questionnaire a campaign over all mechanisms would freeze', () => {
    const preview = previewMethodology(federal);
    const frozen = freezeCampaignDefinition(federal, allMechanisms);
    expect(preview.questionnaires.map(({ role, label }) => [role, label])).toEqual(
      federal.respondentRoles.map(({ code, label }) => [code, label]),
    );
    for (const { role, definition } of preview.questionnaires) expect(definition, role).toEqual(frozen.questionnaires[role]);
    expect(preview.municipalForm).toEqual(frozen.municipalForm);
    expect(preview.reference).toEqual(describeMethodology(federal));
  });

  it('follows the roles the document declares, in its order, and names a role nothing is asked of', () => {
    const methodology = structuredClone(federal);
    methodology.respondentRoles.reverse();
    for (const mechanism of methodology.mechanisms)
      for (const item of mechanism.questionnaire.questions) item.roles = item.roles.filter((role) => role !== 'teacher');
    const preview = previewMethodology(methodology);
    expect(preview.questionnaires.map(({ role }) => role)).toEqual(['teacher', 'deputy_director', 'director']);
    expect(preview.questionnaires[0]!.definition).toBeNull();
    expect(preview.questionnaires[2]!.definition?.title).toBe('Анкета руководителя общеобразовательной организации');
  });
});
