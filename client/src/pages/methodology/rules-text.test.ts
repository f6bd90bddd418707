import { describe, expect, it } from 'vitest';
import { findMethodology } from '@server/modules/methodology/methodology.repo';
import { describeMethodology } from '@server/modules/methodology/methodology.service';
import { describeScoring, levelRanges, percent, points, pointsAfterComparison } from './rules-text';

const federal = describeMethodology(findMethodology('federal-2020')!);
const regional = describeMethodology(findMethodology('regional-preschool-2021')!);
const text = (reference: typeof federal) =>
  describeScoring(reference)
    .flatMap((section) => section.paragraphs)
    .join('\n');

describe('rules in Russian', () => {
  it('formats shares and points', () => {
    expect(percent(0.3)).toBe('30\u00a0%');
    expect([0, 1, 2, 5].map(points)).toEqual(['0\u00a0баллов', '1\u00a0балл', '2\u00a0балла', '5\u00a0баллов']);
    expect([1, 2, 5].map(pointsAfterComparison)).toEqual(['1\u00a0балла', '2\u00a0баллов', '5\u00a0баллов']);
  });

  it('gives the range of every level', () => {
    expect(levelRanges(federal)).toEqual([
      { code: 0, label: 'не сформирована', range: 'меньше 25\u00a0%' },
      { code: 1, label: 'есть отдельные элементы системы', range: 'от 25 до 50\u00a0%' },
      { code: 2, label: 'частично сформирована', range: 'от 50 до 80\u00a0%' },
      { code: 3, label: 'сформирована', range: 'от 80\u00a0%' },
    ]);
  });

  it('states the federal defaults from the data', () => {
    const federalText = text(federal);
    expect(federalText).toContain(
      '2\u00a0балла — эксперт может проверить заявление: указана ссылка на документ на официальном сайте или указаны дата и номер документа',
    );
    expect(federalText).toContain('больше 50\u00a0% ответивших на него респондентов школы');
    expect(federalText).toContain('Ответы «Затрудняюсь ответить», «Не относится к моей работе» не учитываются');
    expect(federalText).toContain(
      'При доле подтверждения от 50\u00a0% компонент сохраняет баллы муниципалитета, при меньшей — получает не больше 1\u00a0балла.',
    );
    expect(federalText).toContain('наибольший балл (2), а доля подтверждения ниже 30\u00a0%');
    expect(federalText).toContain('(9 × 2 = 18)');
    expect(federalText).toContain('не выше чем на 1\u00a0уровень');
    expect(federalText).toContain('меньше 50\u00a0% школ муниципалитета, вместо уровня выводится «недостаточно данных»');
  });

  it('states over which schools the share is taken, and what happens when nobody answered', () => {
    const federalText = text(federal);
    expect(federalText).toContain('делённое на число школ, ответивших по компоненту');
    expect(federalText).toContain(
      'Если по компоненту не ответила ни одна школа, баллы муниципалитета остаются неподтверждёнными: не больше 1\u00a0балла, и компонент отмечается для проверки экспертом («школы не ответили»).',
    );
    const before = {
      ...federal,
      scoring: { ...federal.scoring, corroboration: { ...federal.scoring.corroboration, share: { over: 'responding_schools' as const } } },
    };
    const beforeText = text(before);
    expect(beforeText).toContain('делённое на число школ, заполнивших анкеты');
    expect(beforeText).not.toContain('ответивших по компоненту');
  });

  it("follows a region's own numbers", () => {
    const regionalText = text(regional);
    expect(regionalText).toContain('указана ссылка на документ на официальном сайте.');
    expect(regionalText).not.toContain('дата и номер');
    expect(regionalText).toContain('от 60\u00a0% компонент сохраняет');
  });

  it('says when a level is withheld by the kinds of organisations the methodology asks', () => {
    expect(text(federal)).toContain(
      'Если хотя бы одну анкету полностью заполнили меньше 50\u00a0% школ муниципалитета, вместо уровня выводится «недостаточно данных».',
    );
    expect(text(federal)).not.toContain('организаций');
    const regionalText = text(regional);
    expect(regionalText).toContain(
      'Доля ответивших считается отдельно для организаций каждого типа (школ, детских садов). Если хотя бы одну анкету полностью заполнили меньше 60\u00a0% организаций одного из типов в муниципалитете, вместо уровня каждого механизма, в оценке которого участвуют организации этого типа, выводится «недостаточно данных»; уровни остальных механизмов присваиваются.',
    );
    expect(regionalText).toContain('Общий уровень считается по всем механизмам');
    expect(regionalText).not.toContain('60\u00a0% школ муниципалитета');
  });
});
