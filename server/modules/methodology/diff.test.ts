import { describe, expect, it } from 'vitest';
import { diffMethodologies, flatten, mergeOrder } from './diff';
import { findMethodology } from './methodology.repo';
import type { Methodology } from './methodology.schemas';

/** A mutable copy of the shipped federal version. */
const federal = (): Methodology => structuredClone<Methodology>(findMethodology('federal-2020')!);
const mechanism = (m: Methodology, code: string) => m.mechanisms.find((x) => x.code === code)!;
const question = (m: Methodology, name: string) =>
  m.mechanisms.flatMap((x) => x.questionnaire.questions).find((item) => item.question.name === name)!;
const changed = (edit: (m: Methodology) => void) => {
  const after = federal();
  edit(after);
  return diffMethodologies(federal(), after);
};
const onlyMechanism = (diff: ReturnType<typeof diffMethodologies>) => {
  expect(diff.mechanisms).toHaveLength(1);
  return diff.mechanisms[0]!;
};

describe('flatten', () => {
  it('keys records by their identity, lists of plain values as one leaf, the rest by position', () => {
    expect([
      ...flatten({
        bands: [
          { level: 0, from: 0 },
          { level: 1, from: 25 },
        ],
        tags: ['a', 'b'],
        pairs: [{ x: 1 }, { x: 2 }],
        options: [{ value: 'yes' }],
      }),
    ]).toEqual([
      ['bands[level=0].from', 0],
      ['bands[level=1].from', 25],
      ['tags', ['a', 'b']],
      ['pairs[0].x', 1],
      ['pairs[1].x', 2],
      ['options[value=yes]', 'yes'],
    ]);
  });

  it('falls back to positions when identities repeat or are missing', () => {
    expect([...flatten([{ code: 'a', t: 1 }, { code: 'a', t: 2 }, { t: 3 }], 'list')].map(([path]) => path)).toEqual([
      'list[0].code',
      'list[0].t',
      'list[1].code',
      'list[1].t',
      'list[2].t',
    ]);
  });
});

describe('mergeOrder', () => {
  it('keeps the newer order and puts what was removed back after the element it followed', () => {
    expect(mergeOrder(['a', 'b', 'c', 'd'], ['a', 'c', 'x', 'd'])).toEqual(['a', 'b', 'c', 'x', 'd']);
    expect(mergeOrder(['gone', 'a'], ['a', 'new'])).toEqual(['gone', 'a', 'new']);
    expect(mergeOrder([], ['a'])).toEqual(['a']);
  });
});

describe('diffMethodologies', () => {
  it('finds nothing between a version and its copy under another id', () => {
    const diff = diffMethodologies(federal(), { ...federal(), id: 'federal-2020-r1-1' });
    expect(diff.summary).toEqual({
      mechanisms: { added: 0, removed: 0, changed: 0 },
      questions: { added: 0, removed: 0, changed: 0 },
      indicators: { added: 0, removed: 0, changed: 0 },
      scoringChanges: 0,
      recommendationChanges: 0,
      textChanges: 0,
      identical: true,
    });
    expect(diff.mechanisms).toEqual([]);
  });

  it('names a changed level band with its level', () => {
    const diff = changed((m) => (m.scoring.levelBands[2]!.fromPercent = 55));
    expect(diff.scoring).toEqual([
      {
        path: 'scoring.levelBands[level=2].fromPercent',
        label: 'Нижняя граница: уровень 2 («частично сформирована»), %',
        kind: 'changed',
        before: 50,
        after: 55,
      },
    ]);
    expect(diff.summary).toMatchObject({ scoringChanges: 1, identical: false });
  });

  it('reports every scoring number and option: evidence points, majority, reconciliation, caps, overall, response rate, share', () => {
    const diff = changed(({ scoring }) => {
      scoring.municipalEvidence.points.verifiable = 3;
      scoring.municipalEvidence.verifiableBy = ['url'];
      scoring.corroboration.majorityAbove = 0.6;
      scoring.corroboration.defaultRule = { kind: 'role', role: 'director' };
      scoring.corroboration.neutralValues = ['dont_know'];
      scoring.corroboration.share = { over: 'responding_schools' };
      scoring.reconciliation.flagBelowShare = 0.4;
      scoring.caps[0]!.requires[1]!.minPoints = 1;
      scoring.caps.pop();
      scoring.overall.maxLevelsAboveLowestMechanism = 2;
      scoring.responseRate.minShareOfSchools = 0.6;
    });
    expect(diff.scoring.map(({ path, kind, before, after }) => [path, kind, before, after])).toEqual([
      ['scoring.municipalEvidence.points.verifiable', 'changed', 2, 3],
      ['scoring.municipalEvidence.verifiableBy', 'changed', ['url', 'requisites'], ['url']],
      ['scoring.corroboration.defaultRule.kind', 'changed', 'majority', 'role'],
      ['scoring.corroboration.defaultRule.role', 'added', null, 'director'],
      ['scoring.corroboration.majorityAbove', 'changed', 0.5, 0.6],
      ['scoring.corroboration.neutralValues', 'changed', ['dont_know', 'not_applicable'], ['dont_know']],
      ['scoring.corroboration.share.over', 'changed', 'answering_schools', 'responding_schools'],
      ['scoring.corroboration.share.whenNoSchoolAnswered.maxPoints', 'removed', 1, null],
      ['scoring.corroboration.share.whenNoSchoolAnswered.flag', 'removed', true, null],
      ['scoring.reconciliation.flagBelowShare', 'changed', 0.3, 0.4],
      ['scoring.caps[level=3].requires[1].minPoints', 'changed', 2, 1],
      ['scoring.caps[level=2].requires[0].components', 'removed', ['goals', 'indicators', 'monitoring', 'analysis'], null],
      ['scoring.caps[level=2].requires[0].minPoints', 'removed', 1, null],
      ['scoring.caps[level=2].explanation', 'removed', expect.stringMatching(/^«Частично сформирована»/), null],
      ['scoring.overall.maxLevelsAboveLowestMechanism', 'changed', 1, 2],
      ['scoring.responseRate.minShareOfSchools', 'changed', 0.5, 0.6],
    ]);
    expect(diff.scoring.every((change) => /[А-Яа-я]/.test(change.label))).toBe(true);
    expect(diff.scoring.find((c) => c.path.endsWith('requires[1].minPoints'))!.label).toBe(
      'Ограничение: уровень 3 («сформирована»), условие 2: баллов не меньше',
    );
  });

  it('shows a reworded question with both wordings, under its mechanism', () => {
    const diff = changed((m) => {
      question(m, 'm2_1_recheck').question.title = 'Перепроверял ли МОУО работы обучающихся вашей школы?';
      question(m, 'm2_1_recheck').question.description = 'ВПР и муниципальные диагностики.';
    });
    const entry = onlyMechanism(diff);
    expect(entry).toMatchObject({ code: '2.1', status: 'changed', changes: [], indicators: [] });
    expect(entry.questions).toEqual([
      {
        name: 'm2_1_recheck',
        status: 'changed',
        title: {
          before: expect.stringMatching(/^Проводил ли МОУО/),
          after: 'Перепроверял ли МОУО работы обучающихся вашей школы?',
        },
        changes: [
          {
            path: 'title',
            label: 'Формулировка',
            kind: 'changed',
            before: expect.stringMatching(/^Проводил ли МОУО/),
            after: 'Перепроверял ли МОУО работы обучающихся вашей школы?',
          },
          { path: 'description', label: 'Пояснение', kind: 'added', before: null, after: 'ВПР и муниципальные диагностики.' },
        ],
      },
    ]);
    expect(diff.summary.questions).toEqual({ added: 0, removed: 0, changed: 1 });
    expect(diff.summary.mechanisms).toEqual({ added: 0, removed: 0, changed: 1 });
  });

  it('compares choices by value: removed, relabelled, added and reordered', () => {
    const diff = changed((m) => {
      const choices = question(m, 'm2_1_observers').question.choices!;
      choices.splice(1, 1);
      choices[0]!.text = 'Да, почти на всех работах';
      choices.push({ value: 'partly', text: 'Иногда' });
      const reordered = question(m, 'm2_1_signs_communicated').question.choices!;
      reordered.reverse();
    });
    const [observers, signs] = onlyMechanism(diff).questions;
    expect(observers!.changes.map(({ path, label, kind, before, after }) => [path, label, kind, before, after])).toEqual([
      ['choices[value=most].text', 'Вариант «most»', 'changed', 'Да, на всех или на большинстве работ', 'Да, почти на всех работах'],
      ['choices[value=some].text', 'Вариант «some»', 'removed', 'Да, на отдельных работах', null],
      ['choices[value=partly].text', 'Вариант «partly»', 'added', null, 'Иногда'],
    ]);
    expect(signs!.changes).toEqual([
      {
        path: 'choiceOrder',
        label: 'Порядок вариантов',
        kind: 'changed',
        before: ['yes_found', 'yes_not_found', 'no', 'dont_know'],
        after: ['dont_know', 'no', 'yes_not_found', 'yes_found'],
      },
    ]);
  });

  it('compares a scale by its options, and a changed scale shows in every question that uses it', () => {
    const bySwitch = changed((m) => (question(m, 'm2_1_recheck').scale = 'yes_partly_no'));
    expect(onlyMechanism(bySwitch).questions[0]!.changes.map((c) => [c.path, c.kind])).toEqual([
      ['scale', 'changed'],
      ['choices[value=partly].text', 'added'],
    ]);
    const byScale = changed((m) => (m.answerScales.yes_no![2]!.text = 'Не знаю'));
    expect(byScale.general).toEqual([
      {
        path: 'answerScales.yes_no[value=dont_know].text',
        label: 'Шкала ответов «yes_no»: вариант «dont_know»',
        kind: 'changed',
        before: 'Затрудняюсь ответить',
        after: 'Не знаю',
      },
    ]);
    const users = byScale.mechanisms.flatMap((x) => x.questions);
    expect(users.length).toBeGreaterThan(5);
    expect(users.every((item) => item.changes.length === 1 && item.changes[0]!.path === 'choices[value=dont_know].text')).toBe(true);
  });

  it('reports roles, requirement, conditions, type and scoring tags of a question', () => {
    const diff = changed((m) => {
      const item = question(m, 'm2_1_recommendations_received');
      item.roles = ['director'];
      item.question.isRequired = false;
      item.question.visibleIf = "{m2_1_recheck} = 'yes'";
      item.question.type = 'dropdown';
      item.scoring = { component: 'measures', confirming: ['yes', 'no'] };
    });
    expect(
      onlyMechanism(diff).questions[0]!.changes.map(({ path, label, kind, before, after }) => [path, label, kind, before, after]),
    ).toEqual([
      ['type', 'Тип вопроса', 'changed', 'radiogroup', 'dropdown'],
      ['roles', 'Кому задаётся', 'changed', ['director', 'deputy_director'], ['director']],
      ['isRequired', 'Обязательный', 'changed', true, false],
      ['visibleIf', 'Показывается, если', 'added', null, "{m2_1_recheck} = 'yes'"],
      ['scoring.component', 'Оценка: компонент цикла', 'changed', 'recommendations', 'measures'],
      ['scoring.confirming', 'Оценка: подтверждающие ответы', 'changed', ['yes'], ['yes', 'no']],
      ['scoring.rule.kind', 'Оценка: правило школы', 'removed', 'role', null],
      ['scoring.rule.role', 'Оценка: чей ответ считается', 'removed', 'director', null],
    ]);
  });

  it('lists an added and a removed question with all they say, where they stand', () => {
    const diff = changed((m) => {
      const questions = mechanism(m, '2.1').questionnaire.questions;
      questions.splice(1, 1);
      questions.splice(2, 0, {
        roles: ['teacher'],
        scale: 'yes_no',
        question: { type: 'radiogroup', name: 'm2_1_new', title: 'Новый вопрос?', isRequired: true },
      });
    });
    const questions = onlyMechanism(diff).questions;
    expect(questions.map((q) => [q.name, q.status])).toEqual([
      ['m2_1_recheck', 'removed'],
      ['m2_1_new', 'added'],
    ]);
    expect(questions[1]!.changes.map((c) => [c.path, c.before, c.after])).toEqual([
      ['title', null, 'Новый вопрос?'],
      ['type', null, 'radiogroup'],
      ['roles', null, ['teacher']],
      ['isRequired', null, true],
      ['scale', null, 'yes_no'],
      ['choices[value=yes].text', null, 'Да'],
      ['choices[value=no].text', null, 'Нет'],
      ['choices[value=dont_know].text', null, 'Затрудняюсь ответить'],
    ]);
    expect(questions[0]!.changes.every((c) => c.kind === 'removed' && c.after === null)).toBe(true);
    expect(questions[0]!.title).toEqual({ before: expect.stringMatching(/^Проводил ли/), after: null });
    expect(diff.summary.questions).toEqual({ added: 1, removed: 1, changed: 0 });
  });

  it('follows a question moved to another mechanism by its name', () => {
    const diff = changed((m) => {
      const [item] = mechanism(m, '2.1').questionnaire.questions.splice(1, 1);
      mechanism(m, '2.2').questionnaire.questions.push(item!);
    });
    expect(diff.mechanisms.map((x) => x.code)).toEqual(['2.2']);
    expect(diff.mechanisms[0]!.questions[0]!.changes).toEqual([
      { path: 'mechanism', label: 'Механизм', kind: 'changed', before: '2.1', after: '2.2' },
    ]);
  });

  it('reports a retitled mechanism, its texts, municipal-form components, recommendations and indicators', () => {
    const diff = changed((m) => {
      const x = mechanism(m, '1.1');
      x.title = 'Новое название';
      x.directions[0]!.title = 'Другое направление';
      x.questionnaire.description = 'Новое вступление.';
      x.municipalForm.components.goals = 'Цели иначе.';
      x.recommendations.mechanism = 'Усилить {mechanism}.';
      x.municipalForm.indicators[0]!.title = 'Показатель иначе';
      x.municipalForm.indicators.pop();
    });
    const entry = onlyMechanism(diff);
    expect(entry.title).toEqual({ before: expect.not.stringMatching(/^Новое/), after: 'Новое название' });
    expect(entry.changes.map((c) => [c.path, c.label])).toEqual([
      ['title', 'Название'],
      ['directions[code=1.1.1].title', 'Направление 1.1.1'],
      ['municipalForm.components.goals', 'Муниципальная форма: что считается компонентом «Цели»'],
      ['questionnaire.description', 'Вступление к вопросам механизма'],
      ['recommendations.mechanism', 'Рекомендация по механизму'],
    ]);
    expect(entry.indicators.map((i) => [i.status, i.changes[0]!.path])).toEqual([
      ['changed', 'title'],
      ['removed', 'title'],
    ]);
    expect(diff.summary).toMatchObject({
      indicators: { added: 0, removed: 1, changed: 1 },
      recommendationChanges: 1,
      textChanges: 4,
      questions: { added: 0, removed: 0, changed: 0 },
    });
  });

  it('reports added and removed mechanisms with their questions, and the general texts and roles', () => {
    const diff = changed((m) => {
      const removed = m.mechanisms.pop()!;
      m.mechanisms.push({ ...removed, code: '2.6', questionnaire: { ...removed.questionnaire, questions: [] } });
      m.title = 'Другая методика';
      m.levels[1]!.label = 'Начальный';
      m.respondentRoles[0]!.label = 'Руководитель';
      m.recommendations.components.goals = 'Поставить цели.';
      m.cycleComponents[0]!.visibleToSchools = true;
    });
    expect(diff.mechanisms.map((x) => [x.code, x.status, x.questions.length > 0])).toEqual([
      ['2.5', 'removed', true],
      ['2.6', 'added', false],
    ]);
    expect(diff.mechanisms[0]!.questions.every((q) => q.status === 'removed')).toBe(true);
    expect(diff.summary.mechanisms).toEqual({ added: 1, removed: 1, changed: 0 });
    expect(diff.general.map((c) => [c.path, c.label])).toEqual([
      ['title', 'Название'],
      ['levels[code=1].label', 'Уровень 1: название'],
      ['cycleComponents[code=goals].visibleToSchools', 'Компонент «Цели»: подтверждают школы'],
    ]);
    expect(diff.respondentRoles).toEqual([
      {
        path: 'respondentRoles[code=director].label',
        label: 'Роль «Руководитель»: название',
        kind: 'changed',
        before: 'Директор',
        after: 'Руководитель',
      },
    ]);
    expect(diff.recommendations.map((c) => c.label)).toEqual(['Общая рекомендация по компоненту «Цели»']);
  });

  it('never throws on odd shapes, and compares what is there', () => {
    const odd: unknown[] = [
      null,
      'методика',
      42,
      [],
      { mechanisms: 'нет' },
      { mechanisms: [null, 7, { code: 5 }, { questionnaire: { questions: [null, { question: 'x' }] } }] },
      { scoring: [1, { a: [null, { b: undefined }] }], title: { nested: true } },
      { mechanisms: [{ code: '1.1' }, { code: '1.1' }], answerScales: { s: 'x' } },
    ];
    for (const a of odd) for (const b of [...odd, federal()]) expect(() => diffMethodologies(a, b)).not.toThrow();
    const draft = { ...federal(), title: '', scoring: { ...federal().scoring, levelBands: 'сломано' } };
    const diff = diffMethodologies(federal(), draft);
    expect(diff.general).toContainEqual(expect.objectContaining({ path: 'title', after: '' }));
    expect(diff.scoring).toContainEqual(expect.objectContaining({ path: 'scoring.levelBands', kind: 'added', after: 'сломано' }));
    expect(diffMethodologies(null, federal()).summary.mechanisms.added).toBe(9);
  });

  it('keeps questions apart when a draft repeats a name', () => {
    const after = federal();
    const items = mechanism(after, '2.1').questionnaire.questions;
    items.push(structuredClone(items[0]!));
    const diff = diffMethodologies(federal(), after);
    expect(onlyMechanism(diff).questions.map((q) => [q.name, q.status])).toEqual([['m2_1_observers (2)', 'added']]);
  });

  it('is stable: the same documents give the same result', () => {
    const after = federal();
    after.scoring.levelBands[1]!.fromPercent = 30;
    question(after, 'm2_1_recheck').question.title = 'Иначе';
    expect(JSON.stringify(diffMethodologies(federal(), after))).toBe(JSON.stringify(diffMethodologies(federal(), after)));
  });
});
