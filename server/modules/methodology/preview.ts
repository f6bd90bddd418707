import type { RespondentRole } from '../../../db/schema/values';
import { assembleMunicipalForm, assembleQuestionnaire, mechanismQuestions, type SurveyJson } from './assemble';
import type { Methodology, MethodologyReference } from './methodology.schemas';
import { describeMethodology } from './methodology.service';
import type { MethodologyVersionSummary } from './versions.schemas';

// A methodology version as its respondents and readers will meet it (issue #20 §4): every role's questionnaire and
// the municipal form over all its mechanisms, assembled exactly as a campaign would freeze them, and its rules.

export interface RoleQuestionnairePreview {
  role: RespondentRole;
  label: string;
  /** Null when no mechanism of the version asks this role anything. */
  definition: SurveyJson | null;
}

export interface MethodologyPreview {
  questionnaires: RoleQuestionnairePreview[];
  municipalForm: SurveyJson;
  reference: MethodologyReference;
}

/** What the preview page receives for a stored version. */
export interface VersionPreview extends MethodologyPreview {
  version: MethodologyVersionSummary;
}

/** The preview of a checked version: one questionnaire per role the document declares, in its order. */
export function previewMethodology(methodology: Methodology): MethodologyPreview {
  const mechanismCodes = methodology.mechanisms.map((mechanism) => mechanism.code);
  return {
    questionnaires: methodology.respondentRoles.map(({ code, label }) => ({
      role: code,
      label,
      definition: methodology.mechanisms.some((mechanism) => mechanismQuestions(mechanism, code).length > 0)
        ? assembleQuestionnaire(methodology, mechanismCodes, code)
        : null,
    })),
    municipalForm: assembleMunicipalForm(methodology, mechanismCodes),
    reference: describeMethodology(methodology),
  };
}
