import type { QuestionnaireItem } from '@server/modules/methodology/methodology.schemas';
import { fieldId, type Path } from './document-edits';
import { isChoiceType, setAnswerSource, setQuestionType } from './question-edits';
import { CheckInput, CodeChecklist, OptionList, PlaceProblems, SelectInput, TextInput, useEditor } from './editor-fields';
import { DEFAULT_RULE, MAJORITY_RULE, questionTypeLabels, schoolRuleLabel } from './editor-labels';

// One question of a mechanism's questionnaire: its SurveyJS part (text, type, answers, required, help, visibleIf)
// and, beside it, who is asked and how it is scored.

const OWN_CHOICES = '';
const NOT_SCORED = '';

export function QuestionEditor({
  path,
  item,
  index,
  count,
  onMove,
  onRemove,
}: {
  path: Path;
  item: QuestionnaireItem;
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { document, readOnly, change, roleLabel } = useEditor();
  const question = item.question ?? {};
  const scales = Object.keys(document.answerScales ?? {});
  const replace = (next: QuestionnaireItem) => change(path, next);
  const isChoice = isChoiceType(question.type);
  const options = item.scale !== undefined ? (document.answerScales?.[item.scale] ?? []) : (question.choices ?? []);
  const roles = (document.respondentRoles ?? []).map((role) => ({ value: role.code, label: role.label }));
  return (
    <details className="card question-editor" id={fieldId(path)}>
      <summary>
        {index + 1}. {question.title || question.name}{' '}
        <span className="muted">
          ({(item.roles ?? []).map(roleLabel).join(', ')}
          {item.scoring ? ` · подтверждает «${item.scoring.component}»` : ''})
        </span>
      </summary>
      <PlaceProblems path={path} />
      <TextInput path={[...path, 'question', 'title']} label="Текст вопроса" multiline />
      <TextInput path={[...path, 'question', 'description']} label="Подсказка" multiline />
      <div className="form-row">
        <TextInput path={[...path, 'question', 'name']} label="Имя (по нему хранятся ответы)" />
        <SelectInput
          path={[...path, 'question', 'type']}
          label="Тип ответа"
          options={Object.entries(questionTypeLabels).map(([value, label]) => ({ value, label }))}
          onSelect={(value) => replace(setQuestionType(item, value as QuestionnaireItem['question']['type'], scales))}
        />
      </div>
      <CheckInput path={[...path, 'question', 'isRequired']} label="Обязательный вопрос" />
      <TextInput
        path={[...path, 'question', 'visibleIf']}
        label="Показывать, если (условие SurveyJS)"
        hint="Например: {m2_4_mmo} anyof ['regularly']. Пусто — вопрос виден всегда."
      />
      <CodeChecklist path={[...path, 'roles']} legend="Кому задаётся" options={roles} />

      {isChoice ? (
        <>
          <SelectInput
            path={[...path, 'scale']}
            label="Варианты ответа"
            value={item.scale ?? OWN_CHOICES}
            options={[
              ...scales.map((scale) => ({
                value: scale,
                label: `шкала: ${(document.answerScales[scale] ?? []).map((option) => option.text).join(' / ')}`,
              })),
              { value: OWN_CHOICES, label: 'свои варианты' },
            ]}
            onSelect={(value) => replace(setAnswerSource(item, value === OWN_CHOICES ? undefined : value))}
          />
          {item.scale === undefined ? <OptionList path={[...path, 'question', 'choices']} legend="Свои варианты ответа" /> : null}
        </>
      ) : null}

      {isChoice ? <Scoring path={path} item={item} options={options.map((o) => ({ value: o.value, label: o.text }))} /> : null}

      {readOnly ? null : (
        <div className="actions-bar">
          <button type="button" className="button ghost small" disabled={index === 0} onClick={() => onMove(index - 1)}>
            ↑ Выше
          </button>
          <button type="button" className="button ghost small" disabled={index === count - 1} onClick={() => onMove(index + 1)}>
            ↓ Ниже
          </button>
          <button type="button" className="button ghost small" onClick={onRemove}>
            Удалить вопрос
          </button>
        </div>
      )}
    </details>
  );
}

/** The scoring tag: which cycle component the question confirms, by which answers, under which school rule. */
function Scoring({ path, item, options }: { path: Path; item: QuestionnaireItem; options: Array<{ value: string; label: string }> }) {
  const { document, change, roleLabel } = useEditor();
  const scoring = item.scoring;
  const scoringPath: Path = [...path, 'scoring'];
  const components = (document.cycleComponents ?? []).filter((c) => c.visibleToSchools || c.code === scoring?.component);
  const rule = scoring?.rule === undefined ? DEFAULT_RULE : scoring.rule.kind === 'role' ? scoring.rule.role : MAJORITY_RULE;
  return (
    <fieldset className="checklist">
      <legend>Оценка</legend>
      <SelectInput
        path={[...scoringPath, 'component']}
        label="Подтверждает компонент цикла"
        value={scoring?.component ?? NOT_SCORED}
        options={[
          { value: NOT_SCORED, label: 'не оценивается' },
          ...components.map((component) => ({ value: component.code, label: component.title })),
        ]}
        onSelect={(value) =>
          change(
            scoringPath,
            value === NOT_SCORED
              ? undefined
              : { ...scoring, component: value, confirming: scoring?.confirming ?? options.slice(0, 1).map((o) => o.value) },
          )
        }
      />
      {scoring ? (
        <>
          <CodeChecklist path={[...scoringPath, 'confirming']} legend="Подтверждающие ответы" options={options} />
          <SelectInput
            path={[...scoringPath, 'rule']}
            label="Школа подтверждает, когда"
            value={rule}
            options={[DEFAULT_RULE, MAJORITY_RULE, ...(item.roles ?? [])].map((value) => ({
              value,
              label: schoolRuleLabel(value, roleLabel),
            }))}
            onSelect={(value) =>
              change(
                [...scoringPath, 'rule'],
                value === DEFAULT_RULE ? undefined : value === MAJORITY_RULE ? { kind: 'majority' } : { kind: 'role', role: value },
              )
            }
          />
        </>
      ) : null}
    </fieldset>
  );
}
