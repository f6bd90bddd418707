import { mechanismQuestions } from './assemble';
import type { MechanismReference, Methodology, MethodologyReference, MethodologySummary } from './methodology.schemas';

// What staff read about a methodology version: its catalogue, cycle and rules — not the questionnaires themselves.

export function summarizeMethodology(methodology: Methodology): MethodologySummary {
  return {
    id: methodology.id,
    version: methodology.version,
    title: methodology.title,
    mechanismCount: methodology.mechanisms.length,
    blocks: methodology.blocks.map((block) => ({ code: block.code, title: block.title, mechanismCodes: [...block.mechanisms] })),
  };
}

function neutralAnswers(methodology: Methodology): string[] {
  const neutral = new Set(methodology.scoring.corroboration.neutralValues);
  const options = Object.values(methodology.answerScales).flat();
  return [...new Set(options.filter((option) => neutral.has(option.value)).map((option) => option.text))];
}

export function describeMethodology(methodology: Methodology): MethodologyReference {
  const mechanisms = new Map(
    methodology.mechanisms.map((mechanism): [string, MechanismReference] => [
      mechanism.code,
      {
        code: mechanism.code,
        title: mechanism.title,
        goal: mechanism.goal,
        directions: mechanism.directions.map(({ code, title }) => ({ code, title })),
        indicators: mechanism.municipalForm.indicators.map(({ name, title }) => ({ name, title })),
        questionCounts: methodology.respondentRoles
          .map((role) => ({ role: role.code, count: mechanismQuestions(mechanism, role.code).length }))
          .filter((entry) => entry.count > 0),
      },
    ]),
  );
  return {
    id: methodology.id,
    version: methodology.version,
    title: methodology.title,
    description: methodology.description,
    sources: [...methodology.sources],
    levels: methodology.levels.map(({ code, label }) => ({ code, label })),
    cycleComponents: methodology.cycleComponents.map(({ code, title, description, visibleToSchools }) => ({
      code,
      title,
      description,
      visibleToSchools,
    })),
    respondentRoles: methodology.respondentRoles.map(({ code, label, organisationKind }) => ({ code, label, organisationKind })),
    blocks: methodology.blocks.map((block) => ({
      code: block.code,
      title: block.title,
      mechanisms: block.mechanisms.map((code) => mechanisms.get(code)!),
    })),
    scoring: structuredClone(methodology.scoring),
    neutralAnswers: neutralAnswers(methodology),
  };
}
