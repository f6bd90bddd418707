import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findMethodology, listMethodologies, MethodologyDataError, readMethodologies, SURVEYS_DIR } from './methodology.repo';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A copy of the shipped federal methodology in a temporary surveys/ folder, to break on purpose. */
function copyFederal(): { surveys: string; dir: string } {
  root = mkdtempSync(path.join(tmpdir(), 'muko-methodology-'));
  const surveys = path.join(root, 'surveys');
  const dir = path.join(surveys, 'federal-2020');
  cpSync(path.join(SURVEYS_DIR, 'federal-2020'), dir, { recursive: true });
  return { surveys, dir };
}

function edit(file: string, change: (data: any) => void) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  change(data);
  writeFileSync(file, JSON.stringify(data));
}

function loadError(surveys: string): string {
  try {
    readMethodologies(surveys);
  } catch (error) {
    expect(error).toBeInstanceOf(MethodologyDataError);
    return (error as Error).message;
  }
  throw new Error('the broken methodology loaded');
}

describe('methodology repository', () => {
  it('loads every shipped version once and keeps it frozen', () => {
    const ids = listMethodologies().map((methodology) => methodology.id);
    expect(ids).toEqual(['federal-2020', 'regional-preschool-2021']);
    expect(findMethodology('federal-2020')).toBe(listMethodologies()[0]);
    expect(findMethodology('nonexistent')).toBeUndefined();
    expect(Object.isFrozen(findMethodology('federal-2020')!.mechanisms[0]!.questionnaire.questions[0]!.question)).toBe(true);
  });

  it('names the file and the path of a field that breaks the format', () => {
    const { surveys, dir } = copyFederal();
    edit(path.join(dir, 'mechanisms', '2.1.json'), (data) => {
      data.questionnaire.questions[3].scoring.rule = { kind: 'role', role: 'parent' };
    });
    expect(loadError(surveys)).toMatch(
      /surveys\/federal-2020\/mechanisms\/2\.1\.json → questionnaire\.questions\[3\]\.scoring\.rule\.role: /,
    );
  });

  it('names the mechanism file of a cross-reference error', () => {
    const { surveys, dir } = copyFederal();
    edit(path.join(dir, 'mechanisms', '1.3.json'), (data) => {
      data.questionnaire.questions[0].scoring.confirming = ['certainly'];
    });
    expect(loadError(surveys)).toMatch(
      /surveys\/federal-2020\/mechanisms\/1\.3\.json → questionnaire\.questions\[0\]\.scoring\.confirming: Значение «certainly» не входит в варианты ответа/,
    );
  });

  it('names the file and question of a SurveyJS property survey-core does not know', () => {
    const { surveys, dir } = copyFederal();
    edit(path.join(dir, 'mechanisms', '1.4.json'), (data) => {
      data.questionnaire.questions[2].question.isRequred = true;
      data.municipalForm.indicators[0].inputType = 'numbr';
      data.municipalForm.indicators[1].validators = [{ type: 'numeric', maxValue: 100, hint: 'подсказка' }];
    });
    const message = loadError(surveys);
    expect(message).toMatch(
      /mechanisms\/1\.4\.json → questionnaire\.questions\[2\]\.question: survey-core: Unknown property in class 'radiogroup': 'isRequred'/,
    );
    expect(message).toMatch(/mechanisms\/1\.4\.json → municipalForm\.indicators\[0\]: survey-core: .*'numbr'/);
    expect(message).toMatch(
      /mechanisms\/1\.4\.json → municipalForm\.indicators\[1\]: survey-core: Unknown property in class 'numericvalidator': 'hint'/,
    );
  });

  it('names methodology.json for an error in it, and reports a typo in a property name', () => {
    const { surveys, dir } = copyFederal();
    edit(path.join(dir, 'methodology.json'), (data) => {
      data.scoring.reconciliation.keepPointFromShare = 0.5;
    });
    const message = loadError(surveys);
    expect(message).toMatch(/surveys\/federal-2020\/methodology\.json → scoring\.reconciliation/);
    expect(message).toMatch(/keepPointFromShare/);
  });

  it('reports invalid JSON, a missing mechanism file and a file no block lists', () => {
    const { surveys, dir } = copyFederal();
    writeFileSync(path.join(dir, 'mechanisms', '1.2.json'), '{ "code": "1.2", ');
    unlinkSync(path.join(dir, 'mechanisms', '2.5.json'));
    writeFileSync(path.join(dir, 'mechanisms', '3.1.json'), '{}');
    const message = loadError(surveys);
    expect(message).toMatch(/mechanisms\/1\.2\.json: не удалось прочитать JSON/);
    expect(message).toMatch(/mechanisms\/2\.5\.json: файл механизма 2\.5 не найден/);
    expect(message).toMatch(/mechanisms\/3\.1\.json: механизм не указан ни в одном блоке/);
  });

  it('still checks the mechanism files when methodology.json itself is broken', () => {
    const { surveys, dir } = copyFederal();
    edit(path.join(dir, 'methodology.json'), (data) => {
      data.levels[0].label = '';
    });
    edit(path.join(dir, 'mechanisms', '2.4.json'), (data) => {
      data.goal = '';
    });
    const message = loadError(surveys);
    expect(message).toMatch(/methodology\.json → levels\[0\]\.label: Текст не может быть пустым/);
    expect(message).toMatch(/mechanisms\/2\.4\.json → goal: Текст не может быть пустым/);
  });

  it('requires the folder name to be the methodology id', () => {
    const { surveys, dir } = copyFederal();
    edit(path.join(dir, 'methodology.json'), (data) => {
      data.id = 'federal-2021';
    });
    expect(loadError(surveys)).toMatch(/идентификатор «federal-2021» должен совпадать с именем папки «federal-2020»/);
  });
});
