import { ORGANISATION_KINDS, type OrganisationKind, type RespondentRole } from '../../../db/schema/values';
import { badRequest } from '../../errors';
import {
  assembleMunicipalForm,
  assembleQuestionnaire,
  mechanismQuestions,
  selectMechanisms,
  type SurveyJson,
} from '../methodology/assemble';
import type { Methodology } from '../methodology/methodology.schemas';

/**
 * What a campaign keeps from the moment it is launched: the whole methodology version (for scoring) and every
 * questionnaire exactly as respondents see it. Later edits of surveys/ never reach a running or past campaign.
 */
export interface FrozenDefinition {
  methodology: Methodology;
  mechanismCodes: string[];
  /** Only the roles the chosen mechanisms ask anything. */
  questionnaires: Partial<Record<RespondentRole, SurveyJson>>;
  municipalForm: SurveyJson;
}

/** The chosen mechanisms must be the methodology's, each once. */
export function validateMechanismChoice(methodology: Methodology, mechanismCodes: readonly string[]): Methodology {
  const known = new Set(methodology.mechanisms.map((m) => m.code));
  const unknown = mechanismCodes.filter((code) => !known.has(code));
  if (unknown.length) throw badRequest(`В методике нет механизмов: ${unknown.join(', ')}.`);
  if (new Set(mechanismCodes).size !== mechanismCodes.length) throw badRequest('Механизмы в списке повторяются.');
  return methodology;
}

/** A campaign's definition under `methodology` (the installation's or the region's published version). */
export function freezeCampaignDefinition(chosen: Methodology, mechanismCodes: readonly string[]): FrozenDefinition {
  const methodology = validateMechanismChoice(chosen, mechanismCodes);
  const mechanisms = selectMechanisms(methodology, mechanismCodes);
  const questionnaires: FrozenDefinition['questionnaires'] = {};
  for (const { code: role } of methodology.respondentRoles) {
    if (mechanisms.some((mechanism) => mechanismQuestions(mechanism, role).length > 0)) {
      questionnaires[role] = assembleQuestionnaire(methodology, mechanismCodes, role);
    }
  }
  return {
    methodology: structuredClone(methodology),
    mechanismCodes: mechanisms.map((m) => m.code),
    questionnaires,
    municipalForm: assembleMunicipalForm(methodology, mechanismCodes),
  };
}

/** A role a campaign asks, and the kind of organisation whose every member gets a questionnaire slot for it. */
export interface QuestionnaireRole {
  role: RespondentRole;
  /** The methodology's name of the role, as the campaign's screens show it. */
  label: string;
  organisationKind: OrganisationKind;
}

/**
 * The roles a frozen campaign asks. Definitions frozen before organisation kinds existed (older campaigns, restored
 * backups) name no kind: their roles were all schools'.
 */
export const questionnaireRoles = (definition: FrozenDefinition): QuestionnaireRole[] =>
  definition.methodology.respondentRoles
    .filter((info) => definition.questionnaires[info.code] !== undefined)
    .map((info: { code: RespondentRole; label: string; organisationKind?: OrganisationKind }) => ({
      role: info.code,
      label: info.label,
      organisationKind: info.organisationKind ?? 'school',
    }));

/** The kinds of organisation a frozen campaign asks, in the directory's order. */
export const questionnaireKinds = (definition: FrozenDefinition): OrganisationKind[] => {
  const asked = new Set(questionnaireRoles(definition).map((info) => info.organisationKind));
  return ORGANISATION_KINDS.filter((kind) => asked.has(kind));
};
