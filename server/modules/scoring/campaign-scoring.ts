import type { FrozenDefinition } from '../campaigns/frozen-definition';
import { compileScoring } from './compile';
import type { CompiledScoring } from './compiled';
import { questionnaireOutcomes } from './corroboration';
import { formEvidence, type Answers } from './evidence';

const compiledByDefinition = new WeakMap<FrozenDefinition, CompiledScoring>();

/**
 * The compiled scoring of a launched campaign. A frozen definition never changes, so it is compiled once per
 * definition object and lives as long as the definition cache keeps that object.
 */
export function campaignScoring(definition: FrozenDefinition): CompiledScoring {
  let compiled = compiledByDefinition.get(definition);
  if (!compiled) {
    compiled = compileScoring(definition.methodology, definition.mechanismCodes);
    compiledByDefinition.set(definition, compiled);
  }
  return compiled;
}

/** What a submitted form stores for scoring runs: its reduced answers and the key they were computed under. */
export interface StoredScoringInput {
  value: string;
  key: string;
}

export const storedQuestionnaireInput = (compiled: CompiledScoring, answers: Answers): StoredScoringInput => ({
  value: questionnaireOutcomes(compiled, answers),
  key: compiled.inputKey,
});

export const storedFormInput = (compiled: CompiledScoring, answers: Answers): StoredScoringInput => ({
  value: formEvidence(compiled, answers),
  key: compiled.inputKey,
});
