import { describe, expect, it } from 'vitest';
import { findMethodology } from '../methodology/methodology.repo';
import { compileScoring } from './compile';
import type { CompiledScoring } from './compiled';
import { evidencePointsAt, formEvidence, municipalEvidence } from './evidence';

const federal = findMethodology('federal-2020')!;
const preschool = findMethodology('regional-preschool-2021')!;
const federalCompiled = compileScoring(federal, ['2.1']);
const preschoolCompiled = compileScoring(preschool, ['2.1']);

/** Evidence of 2.1 goals for the given fields of its panel (names without the `m2_1_goals_` prefix). */
function goals(compiled: CompiledScoring, fields: Record<string, unknown> | null) {
  const form = fields && Object.fromEntries(Object.entries(fields).map(([key, value]) => [`m2_1_goals_${key}`, value]));
  return municipalEvidence(compiled, compiled.mechanisms[0]!.components[0]!, form);
}

const named = { exists: 'yes', doc_type: 'order', doc_title: 'Об утверждении Концепции муниципальной системы' };

describe('municipalEvidence', () => {
  it('says so when the form was not submitted', () => {
    expect(goals(federalCompiled, null)).toEqual({
      status: 'absent',
      answer: null,
      document: null,
      checkableBy: [],
      points: 0,
      reason: 'Муниципальная форма не отправлена, сведений о компоненте нет — 0\u00a0баллов.',
    });
  });

  it('is absent when the municipality says «Нет» or did not answer', () => {
    expect(goals(federalCompiled, { exists: 'no' })).toMatchObject({ status: 'absent', answer: 'no', points: 0 });
    expect(goals(federalCompiled, {})).toMatchObject({ status: 'absent', answer: null, points: 0 });
    expect(goals(federalCompiled, { exists: 'yes', doc_title: '  ' })).toMatchObject({ status: 'absent', answer: 'yes', points: 0 });
  });

  it('is declared (1 point) when the document is named but cannot be checked', () => {
    const result = goals(federalCompiled, { ...named, doc_date: '2020-02-14' });
    expect(result).toEqual({
      status: 'declared',
      answer: 'yes',
      document: { type: 'order', typeLabel: 'Приказ', title: named.doc_title, date: '2020-02-14', number: null, url: null },
      checkableBy: [],
      points: 1,
      reason:
        'Компонент заявлен, документ назван, но проверить его нельзя: нет ссылки на документ и не указаны дата и номер документа — 1\u00a0балл.',
    });
    expect(goals(federalCompiled, { ...named, url: 'сайт управления образования' }).status).toBe('declared');
  });

  it('is verifiable (2 points) with a public URL, or with the date and number of the document', () => {
    expect(goals(federalCompiled, { ...named, url: 'https://kumeny.example/docs/12' })).toMatchObject({
      status: 'verifiable',
      points: 2,
      checkableBy: ['url'],
    });
    const byRequisites = goals(federalCompiled, { ...named, doc_date: '2020-02-14', doc_number: '45-од' });
    expect(byRequisites).toMatchObject({ status: 'verifiable', points: 2, checkableBy: ['requisites'] });
    expect(byRequisites.reason).toBe('Компонент заявлен, и документ можно проверить: указаны дата и номер документа — 2\u00a0балла.');
    expect(
      goals(federalCompiled, { ...named, doc_date: '2020-02-14', doc_number: '45-од', url: 'https://kumeny.example/docs/12' }).checkableBy,
    ).toEqual(['url', 'requisites']);
  });

  it('accepts only the ways the methodology names: regional-preschool-2021 checks by URL alone', () => {
    const byRequisites = goals(preschoolCompiled, { ...named, doc_date: '2020-02-14', doc_number: '45-од' });
    expect(byRequisites).toMatchObject({ status: 'declared', points: 1 });
    expect(byRequisites.reason).toContain('нет ссылки на документ —');
    expect(goals(preschoolCompiled, { ...named, url: 'https://kumeny.example/docs/12' })).toMatchObject({
      status: 'verifiable',
      points: 2,
    });
  });

  it('labels a document type the municipality wrote itself with its own text', () => {
    const result = goals(federalCompiled, { ...named, doc_type: 'other', 'doc_type-Comment': 'Решение коллегии управления образования' });
    expect(result.document).toMatchObject({ type: 'other', typeLabel: 'Решение коллегии управления образования' });
  });
});

describe('formEvidence: what a submitted municipal form stores for scoring runs', () => {
  const form = {
    m2_1_goals_exists: 'yes',
    m2_1_goals_doc_type: 'order',
    m2_1_goals_doc_title: 'Концепция',
    m2_1_goals_url: 'https://uo.example/goals',
    m2_1_indicators_exists: 'yes',
    m2_1_indicators_doc_type: 'order',
    m2_1_indicators_doc_title: 'Показатели',
    m2_1_monitoring_exists: 'no',
  };

  it('has one status letter per component, in cycle order', () => {
    const evidence = formEvidence(federalCompiled, form);
    expect(evidence).toBe('vda' + 'a'.repeat(6));
    const components = federalCompiled.mechanisms[0]!.components;
    components.forEach((component, slot) =>
      expect(evidencePointsAt(federalCompiled, evidence, slot)).toBe(municipalEvidence(federalCompiled, component, form).points),
    );
  });

  it('claims nothing for a form that was not submitted, or a letter it does not know', () => {
    expect([0, 1, 8].map((slot) => evidencePointsAt(federalCompiled, null, slot))).toEqual([0, 0, 0]);
    expect(evidencePointsAt(federalCompiled, 'x', 0)).toBe(0);
    expect(evidencePointsAt(federalCompiled, '', 0)).toBe(0);
  });
});
