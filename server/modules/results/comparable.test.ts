import { describe, expect, it } from 'vitest';
import { comparability, historyLines, type MechanismIdentity } from './comparable';

// Real titles: federal-2020 and regional-preschool-2021 share 1.1 but number the rest their own way.
const federal = {
  '1.1': { code: '1.1', title: 'Система оценки качества подготовки обучающихся' },
  '2.1': { code: '2.1', title: 'Система объективности процедур оценки качества образования и олимпиад школьников' },
  '2.4': { code: '2.4', title: 'Система методической работы' },
};
const preschool = {
  '1.1': federal['1.1'],
  '2.1': { code: '2.1', title: 'Система мониторинга эффективности руководителей образовательных организаций' },
  '2.4': { code: '2.4', title: 'Система мониторинга качества дошкольного образования' },
};
const all = (...mechanisms: MechanismIdentity[]) => mechanisms;

describe('comparability of two campaigns', () => {
  it('compares a mechanism only under the same code and title, and the overall level only over the same set', () => {
    const compared = comparability(all(preschool['1.1'], preschool['2.4']), all(federal['1.1'], federal['2.1'], federal['2.4']));
    expect([...compared.mechanismCodes]).toEqual(['1.1']);
    expect(compared.overall).toBe(false);
  });

  it('finds nothing to compare when every code names another mechanism', () => {
    expect(comparability(all(preschool['2.1'], preschool['2.4']), all(federal['2.1'], federal['2.4']))).toEqual({
      mechanismCodes: new Set(),
      overall: false,
    });
  });

  it('compares a fork that keeps codes and titles, overall too, whatever order it lists them in', () => {
    const fork = all({ ...federal['2.4'] }, { ...federal['1.1'] });
    expect(comparability(all(federal['1.1'], federal['2.4']), fork)).toEqual({ mechanismCodes: new Set(['1.1', '2.4']), overall: true });
  });

  it('does not compare the overall level when either campaign scored a mechanism the other did not', () => {
    expect(comparability(all(federal['1.1']), all(federal['1.1'], federal['2.1'])).overall).toBe(false);
    expect(comparability(all(federal['1.1'], federal['2.1']), all(federal['1.1'])).overall).toBe(false);
  });
});

describe('lines of a level history', () => {
  it('leaves out a campaign sharing no mechanism and puts on each line only the campaigns that scored it', () => {
    const lines = historyLines(all(preschool['2.1'], preschool['2.4']), [
      all(federal['2.1'], federal['2.4']),
      all(preschool['1.1'], preschool['2.4']),
      all(preschool['2.1'], preschool['2.4']),
    ]);
    expect(lines.mechanisms).toEqual([preschool['2.1'], preschool['2.4'], preschool['1.1']]);
    expect(lines.campaigns).toEqual([
      null,
      { mechanismCodes: new Set(['1.1', '2.4']), overall: false },
      { mechanismCodes: new Set(['2.1', '2.4']), overall: true },
    ]);
  });

  it('keeps a line only earlier campaigns drew under their latest title, unless its code is another mechanism now', () => {
    const renamed = { code: '3.1', title: 'Система воспитания (новая редакция)' };
    const lines = historyLines(all(preschool['1.1'], preschool['2.4']), [
      all(federal['1.1'], federal['2.4'], { code: '3.1', title: 'Система воспитания' }),
      all(federal['1.1'], renamed),
      all(preschool['1.1'], preschool['2.4']),
    ]);
    expect(lines.mechanisms).toEqual([preschool['1.1'], preschool['2.4'], renamed]);
    expect(lines.campaigns.map((c) => [...c!.mechanismCodes])).toEqual([['1.1'], ['1.1', '3.1'], ['1.1', '2.4']]);
  });
});
