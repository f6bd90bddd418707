import type { ScoringRules } from '@server/modules/methodology/methodology.schemas';
import { setIn, updateList, type Path } from './document-edits';
import { CheckInput, CodeChecklist, NumberInput, PlaceProblems, SelectInput, TextInput, useEditor } from './editor-fields';
import { MAJORITY_RULE, shareOverLabels, verifiableByLabels } from './editor-labels';

// Every number of the scoring rules (METHODOLOGY.md §4), with its unit; shares are typed as percents.

const rules: Path = ['scoring'];
const at = (...rest: Array<string | number>): Path => [...rules, ...rest];
const POINTS = 'баллов';
const ALL_COMPONENTS = 'all';

export function ScoringSection() {
  const { document } = useEditor();
  const scoring = document.scoring;
  return (
    <section aria-labelledby="scoring-title">
      <h2 id="scoring-title">Правила оценки</h2>

      <h3>Баллы по муниципальной форме</h3>
      <div className="form-row">
        <NumberInput path={at('municipalEvidence', 'points', 'absent')} label="Компонента нет" unit={POINTS} />
        <NumberInput path={at('municipalEvidence', 'points', 'declared')} label="Заявлен (назван документ)" unit={POINTS} />
        <NumberInput path={at('municipalEvidence', 'points', 'verifiable')} label="Заявлен и проверяем" unit={POINTS} />
      </div>
      <PlaceProblems path={at('municipalEvidence', 'points')} />
      <CodeChecklist
        path={at('municipalEvidence', 'verifiableBy')}
        legend="Проверяемым заявление делает"
        options={Object.entries(verifiableByLabels).map(([value, label]) => ({ value, label }))}
      />

      <h3>Подтверждение школами</h3>
      <Corroboration scoring={scoring} />

      <h3>Сверка с муниципальной формой</h3>
      <div className="form-row">
        <NumberInput path={at('reconciliation', 'keepPointsFromShare')} label="Баллы сохраняются при доле подтверждений от" share />
        <NumberInput path={at('reconciliation', 'maxPointsBelowShare')} label="Иначе не больше" unit={POINTS} />
      </div>
      <div className="form-row">
        <NumberInput path={at('reconciliation', 'flagClaimedPoints')} label="Отметка эксперту, если заявлено не меньше" unit={POINTS} />
        <NumberInput path={at('reconciliation', 'flagBelowShare')} label="…и доля подтверждений ниже" share />
      </div>

      <h3>Границы уровней</h3>
      <div className="form-row">
        {(scoring.levelBands ?? []).map((band, index) => (
          <NumberInput
            key={index}
            path={at('levelBands', index, 'fromPercent')}
            label={`«${document.levels?.[index]?.label ?? band.level}» — от`}
            unit="%"
          />
        ))}
      </div>
      <PlaceProblems path={at('levelBands')} />

      <h3>Ограничения уровней</h3>
      <Caps scoring={scoring} />

      <h3>Общий уровень муниципалитета</h3>
      <NumberInput
        path={at('overall', 'maxLevelsAboveLowestMechanism')}
        label="Не выше самого слабого механизма больше чем на"
        unit="уровн."
        hint="Общий процент — среднее процентов механизмов; уровень — по тем же границам."
      />

      <h3>Недостаточно данных</h3>
      <div className="form-row">
        <NumberInput
          path={at('responseRate', 'minShareOfSchools')}
          label="Уровень ставится, если ответили не меньше"
          share
          hint="доли школ"
        />
        <NumberInput
          path={at('responseRate', 'minCompleteQuestionnairesPerSchool')}
          label="Школа ответила, если заполнено не меньше"
          unit="анкет"
        />
      </div>
      <TextInput path={at('responseRate', 'label')} label="Что показать вместо уровня" />
    </section>
  );
}

function Corroboration({ scoring }: { scoring: ScoringRules }) {
  const { document, change, roleLabel } = useEditor();
  const corroboration = scoring.corroboration;
  const defaultRule = corroboration.defaultRule;
  const neutralOptions = Object.values(document.answerScales ?? {})
    .flat()
    .filter((option, index, all) => all.findIndex((o) => o.value === option.value) === index)
    .map((option) => ({ value: option.value, label: option.text }));
  const share = corroboration.share;
  return (
    <>
      <SelectInput
        path={at('corroboration', 'defaultRule')}
        label="Школа подтверждает ответ на вопрос, когда"
        value={defaultRule?.kind === 'role' ? defaultRule.role : MAJORITY_RULE}
        options={[
          { value: MAJORITY_RULE, label: 'так ответило большинство ответивших в школе' },
          ...(document.respondentRoles ?? []).map((role) => ({ value: role.code, label: `так ответил(а): ${roleLabel(role.code)}` })),
        ]}
        onSelect={(value) =>
          change(at('corroboration', 'defaultRule'), value === MAJORITY_RULE ? { kind: 'majority' } : { kind: 'role', role: value })
        }
      />
      <div className="form-row">
        <NumberInput path={at('corroboration', 'majorityAbove')} label="Большинство — доля подтверждающих ответов больше" share />
        <NumberInput
          path={at('corroboration', 'componentQuestionShare')}
          label="Школа подтверждает компонент, если подтверждены не меньше"
          share
          hint="вопросов компонента, на которые она ответила"
        />
      </div>
      <CodeChecklist path={at('corroboration', 'neutralValues')} legend="Ответы, которые не считаются ответом" options={neutralOptions} />
      <SelectInput
        path={at('corroboration', 'share', 'over')}
        label="Доля подтверждающих школ считается от"
        options={Object.entries(shareOverLabels).map(([value, label]) => ({ value, label }))}
        onSelect={(value) =>
          change(
            at('corroboration', 'share'),
            value === 'answering_schools' ? { over: value, whenNoSchoolAnswered: { maxPoints: 1, flag: true } } : { over: value },
          )
        }
      />
      {share?.over === 'answering_schools' ? (
        <div className="form-row">
          <NumberInput
            path={at('corroboration', 'share', 'whenNoSchoolAnswered', 'maxPoints')}
            label="Если ни одна школа не ответила — не больше"
            unit={POINTS}
          />
          <CheckInput path={at('corroboration', 'share', 'whenNoSchoolAnswered', 'flag')} label="и отметить эксперту" />
        </div>
      ) : null}
    </>
  );
}

function Caps({ scoring }: { scoring: ScoringRules }) {
  const { document, readOnly, update, change } = useEditor();
  const componentOptions = (document.cycleComponents ?? []).map((c) => ({ value: c.code, label: c.title }));
  const levelOptions = (document.levels ?? []).slice(1).map((level) => ({ value: String(level.code), label: level.label }));
  return (
    <>
      {(scoring.caps ?? []).map((cap, capIndex) => (
        <fieldset key={capIndex} className="card editor-group">
          <legend>Ограничение {capIndex + 1}</legend>
          <SelectInput
            path={at('caps', capIndex, 'level')}
            label="Уровень"
            options={levelOptions}
            onSelect={(value) => change(at('caps', capIndex, 'level'), Number(value))}
          />
          {cap.requires.map((requirement, index) => {
            const path = at('caps', capIndex, 'requires', index);
            const all = requirement.components === ALL_COMPONENTS;
            return (
              <div key={index} className="card">
                <label className="check">
                  <input
                    type="checkbox"
                    checked={all}
                    disabled={readOnly}
                    onChange={() => change([...path, 'components'], all ? componentOptions.map((option) => option.value) : ALL_COMPONENTS)}
                  />
                  все компоненты
                </label>
                {all ? null : <CodeChecklist path={[...path, 'components']} legend="Компоненты" options={componentOptions} />}
                <NumberInput path={[...path, 'minPoints']} label="Каждый не меньше" unit={POINTS} />
                {readOnly || cap.requires.length === 1 ? null : (
                  <button
                    type="button"
                    className="button ghost small"
                    onClick={() => update((d) => updateList(d, [...path.slice(0, -1)], (l) => l.filter((_, i) => i !== index)))}
                  >
                    Удалить условие
                  </button>
                )}
              </div>
            );
          })}
          <TextInput path={at('caps', capIndex, 'explanation')} label="Правило словами" multiline />
          {readOnly ? null : (
            <div className="actions-bar">
              <button
                type="button"
                className="button ghost small"
                onClick={() =>
                  update((d) =>
                    updateList(d, at('caps', capIndex, 'requires'), (list) => [...list, { components: ALL_COMPONENTS, minPoints: 1 }]),
                  )
                }
              >
                Добавить условие
              </button>
              <button
                type="button"
                className="button ghost small"
                onClick={() => update((d) => updateList(d, at('caps'), (list) => list.filter((_, i) => i !== capIndex)))}
              >
                Удалить ограничение
              </button>
            </div>
          )}
        </fieldset>
      ))}
      <PlaceProblems path={at('caps')} />
      {readOnly ? null : (
        <button
          type="button"
          className="button ghost small"
          onClick={() =>
            update((d) =>
              setIn(d, at('caps'), [
                ...(d.scoring.caps ?? []),
                { level: 1, requires: [{ components: ALL_COMPONENTS, minPoints: 1 }], explanation: 'Опишите правило словами.' },
              ]),
            )
          }
        >
          Добавить ограничение
        </button>
      )}
    </>
  );
}
