import { describe, expect, it } from 'vitest';
import { findMethodology } from './methodology.repo';
import { expressionReferences, mechanismKey, methodologySchema, type Methodology } from './methodology.schemas';

/** A mutable copy of the shipped federal methodology (the loaded one is frozen). */
const federal = (): Methodology => structuredClone(findMethodology('federal-2020')!);

function problems(methodology: Methodology): string[] {
  const result = methodologySchema.safeParse(methodology);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const mechanism = (methodology: Methodology, code: string) => methodology.mechanisms.find((m) => m.code === code)!;
const item = (methodology: Methodology, code: string, name: string) =>
  mechanism(methodology, code).questionnaire.questions.find((q) => q.question.name === name)!;

describe('methodologySchema', () => {
  it('accepts the shipped federal methodology', () => {
    expect(problems(federal())).toEqual([]);
  });

  it('takes the corroboration share over answering schools when a version does not say, and checks its numbers', () => {
    const m = federal();
    const { share: _share, ...withoutShare } = m.scoring.corroboration;
    const parsed = methodologySchema.parse({ ...m, scoring: { ...m.scoring, corroboration: withoutShare } });
    expect(parsed.scoring.corroboration.share).toEqual({ over: 'answering_schools', whenNoSchoolAnswered: { maxPoints: 1, flag: true } });
    m.scoring.corroboration.share = { over: 'answering_schools', whenNoSchoolAnswered: { maxPoints: 3, flag: true } };
    expect(problems(m)).toEqual(['scoring.corroboration.share.whenNoSchoolAnswered.maxPoints: Больше максимума баллов за компонент']);
    m.scoring.corroboration.share = { over: 'responding_schools' };
    expect(problems(m)).toEqual([]);
  });

  it("refuses a confirming value that is not one of the question's answers", () => {
    const m = federal();
    item(m, '2.1', 'm2_1_recheck').scoring!.confirming = ['yes', 'maybe'];
    expect(problems(m)).toEqual([
      expect.stringMatching(/^mechanisms\.4\.questionnaire\.questions\.1\.scoring\.confirming: Значение «maybe» не входит/),
    ]);
  });

  it('refuses to score a component schools cannot see, and notices a visible one left without questions', () => {
    const m = federal();
    for (const q of mechanism(m, '1.4').questionnaire.questions)
      if (q.scoring?.component === 'decisions') q.scoring.component = 'effectiveness';
    const found = problems(m);
    expect(found).toContainEqual(expect.stringMatching(/scoring\.component: Компонент «effectiveness» школы не видят/));
    expect(found).toContainEqual(
      expect.stringMatching(/^mechanisms\.3\.questionnaire\.questions: Нет вопросов, подтверждающих компонент «decisions»/),
    );
  });

  it('refuses a role rule naming a role the question is not put to', () => {
    const m = federal();
    item(m, '1.1', 'm1_1_results_collected').scoring!.rule = { kind: 'role', role: 'teacher' };
    expect(problems(m)).toEqual([expect.stringMatching(/scoring\.rule: Вопрос не задаётся роли «teacher»/)]);
  });

  it('refuses a follow-up whose condition depends on a question its roles are not asked', () => {
    const m = federal();
    item(m, '1.1', 'm1_1_analysis_comparable').roles.push('teacher');
    expect(problems(m)).toEqual([
      expect.stringMatching(/Вопрос «m1_1_analysis_received», от которого зависит условие, задан не всем ролям/),
    ]);
  });

  it("refuses a repeated question name and a name outside the mechanism's prefix", () => {
    const m = federal();
    item(m, '1.2', 'm1_2_exchange').question.name = 'm1_2_context_collected';
    item(m, '1.3', 'm1_3_opportunities').question.name = 'm1_1_opportunities';
    const found = problems(m);
    expect(found).toContainEqual(expect.stringMatching(/Имя вопроса «m1_2_context_collected» уже используется/));
    expect(found).toContainEqual(expect.stringMatching(/Имя вопроса должно начинаться с «m1_3_»/));
  });

  it('refuses level bands that do not rise and caps on unknown components', () => {
    const m = federal();
    m.scoring.levelBands[2]!.fromPercent = 20;
    m.scoring.caps[1]!.requires[0]!.components = ['goals', 'targets'];
    const found = problems(m);
    expect(found).toContainEqual('scoring.levelBands.2.fromPercent: Границы уровней должны строго возрастать');
    expect(found).toContainEqual('scoring.caps.1.requires.0.components: Неизвестный компонент цикла «targets»');
  });

  it('refuses unknown placeholders in recommendation templates', () => {
    const m = federal();
    mechanism(m, '2.5').recommendations.mechanism = '{municipality}: уровень «{level}», директор {director}';
    mechanism(m, '2.5').recommendations.components.analysis = 'Проанализируйте {component} за {percent} %';
    const found = problems(m);
    expect(found).toContainEqual(expect.stringMatching(/recommendations\.mechanism: Неизвестная подстановка \{director\}/));
    expect(found).toContainEqual(expect.stringMatching(/recommendations\.components\.analysis: Неизвестная подстановка \{percent\}/));
  });

  it('refuses a municipal form that skips a cycle component, and blocks that disagree with the mechanisms', () => {
    const m = federal();
    delete mechanism(m, '2.2').municipalForm.components.methods;
    m.blocks[1]!.mechanisms = ['2.1', '2.2', '2.3', '2.4'];
    const found = problems(m);
    expect(found).toContainEqual(expect.stringMatching(/^mechanisms\.5\.municipalForm\.components: Нет описания компонента «methods»/));
    expect(found).toContainEqual(expect.stringMatching(/^mechanisms: Механизмы .* не совпадают с перечнем в блоках/));
  });

  it('refuses a choice question with both a scale and its own choices, and one with neither', () => {
    const m = federal();
    item(m, '1.1', 'm1_1_results_collected').question.choices = [
      { value: 'yes', text: 'Да' },
      { value: 'no', text: 'Нет' },
    ];
    delete item(m, '1.1', 'm1_1_analysis_received').scale;
    const found = problems(m);
    expect(found).toContainEqual(expect.stringMatching(/questions\.0\.scale: Укажите либо шкалу/));
    expect(found).toContainEqual(expect.stringMatching(/questions\.1\.question\.choices: У вопроса с выбором ответа нет вариантов/));
  });
});

describe('naming helpers', () => {
  it('make SurveyJS-safe prefixes and read the references of a condition', () => {
    expect(mechanismKey('2.1')).toBe('m2_1');
    expect(expressionReferences("{m2_4_a} anyof ['x'] and { m2_4_b } = 'yes'")).toEqual(['m2_4_a', 'm2_4_b']);
  });
});
