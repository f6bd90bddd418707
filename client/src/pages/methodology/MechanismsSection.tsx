import type { Mechanism } from '@server/modules/methodology/methodology.schemas';
import { fieldId, type MethodologyDocument, type Path } from './document-edits';
import { excludedMechanisms, excludeMechanism, includeMechanism } from './mechanism-edits';
import { addQuestion, moveQuestion, removeQuestion } from './question-edits';
import { AddMechanismDialog } from './editor-additions';
import { PlaceProblems, TextInput, useEditor } from './editor-fields';
import { QuestionEditor } from './QuestionEditor';

// The mechanisms of the version: which are included (a left-out one can be taken back from the version this one was
// made from; a new one can be added and removed again), their texts, the municipal form's components and the
// questionnaire.

export function MechanismsSection({ source }: { source: MethodologyDocument | undefined }) {
  const { document, readOnly, update } = useEditor();
  const excluded = excludedMechanisms(document, source);
  const fromSource = new Set((source?.mechanisms ?? []).map((m) => m.code));
  return (
    <section aria-labelledby="mechanisms-title" id={fieldId(['mechanisms'])}>
      <h2 id="mechanisms-title">Механизмы</h2>
      <PlaceProblems path={['mechanisms']} />
      <PlaceProblems path={['blocks']} />
      {(document.blocks ?? []).map((block, blockIndex) => (
        <section key={block.code}>
          <TextInput path={['blocks', blockIndex, 'title']} label={`Блок ${block.code}`} />
          {document.mechanisms.map((mechanism, index) =>
            block.mechanisms.includes(mechanism.code) ? (
              <MechanismEditor
                key={mechanism.code}
                mechanism={mechanism}
                index={index}
                isNew={!fromSource.has(mechanism.code)}
                onExclude={readOnly ? undefined : () => update((d) => excludeMechanism(d, mechanism.code))}
              />
            ) : null,
          )}
        </section>
      ))}
      <AddMechanismDialog />
      {excluded.length > 0 ? (
        <>
          <h3>Не включены в эту версию</h3>
          <ul className="change-list">
            {excluded.map(({ mechanism, block }) => (
              <li key={mechanism.code}>
                {mechanism.code}. {mechanism.title}{' '}
                {readOnly ? null : (
                  <button type="button" className="button ghost small" onClick={() => update((d) => includeMechanism(d, mechanism, block))}>
                    Включить
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function MechanismEditor({
  mechanism,
  index,
  isNew,
  onExclude,
}: {
  mechanism: Mechanism;
  index: number;
  /** Not in the version this one was made from: leaving it out removes it for good. */
  isNew: boolean;
  onExclude?: () => void;
}) {
  const { document, readOnly, update } = useEditor();
  const at = (...rest: Array<string | number>): Path => ['mechanisms', index, ...rest];
  const questions = mechanism.questionnaire?.questions ?? [];
  return (
    <details className="card" id={fieldId(at())}>
      <summary>
        <strong>{mechanism.code}.</strong> {mechanism.title}
      </summary>
      <PlaceProblems path={at()} />
      {onExclude ? (
        <div className="actions-bar">
          <button type="button" className="button ghost small" onClick={onExclude}>
            {isNew ? 'Удалить механизм' : 'Исключить механизм из версии'}
          </button>
        </div>
      ) : null}
      <TextInput path={at('title')} label="Название" />
      <TextInput path={at('goal')} label="Цель" multiline />
      <TextInput path={at('questionnaire', 'description')} label="Вступление к вопросам в анкетах" multiline />
      <TextInput path={at('recommendations', 'mechanism')} label="Рекомендация, когда механизм слаб" multiline />

      <details>
        <summary>Муниципальная форма: что считается каждым компонентом</summary>
        <PlaceProblems path={at('municipalForm', 'components')} />
        {(document.cycleComponents ?? []).map((component) => (
          <TextInput key={component.code} path={at('municipalForm', 'components', component.code)} label={component.title} multiline />
        ))}
        {(mechanism.municipalForm?.indicators ?? []).length > 0 ? (
          <>
            <h4>Ключевые показатели</h4>
            {mechanism.municipalForm.indicators.map((indicator, indicatorIndex) => (
              <TextInput key={indicator.name} path={at('municipalForm', 'indicators', indicatorIndex, 'title')} label={indicator.name} />
            ))}
          </>
        ) : null}
      </details>

      <h3>Вопросы анкет ({questions.length})</h3>
      <PlaceProblems path={at('questionnaire', 'questions')} />
      {questions.map((item, questionIndex) => (
        <QuestionEditor
          key={questionIndex}
          path={at('questionnaire', 'questions', questionIndex)}
          item={item}
          index={questionIndex}
          count={questions.length}
          onMove={(to) => update((d) => moveQuestion(d, index, questionIndex, to))}
          onRemove={() => update((d) => removeQuestion(d, index, questionIndex))}
        />
      ))}
      {readOnly ? null : (
        <button type="button" className="button ghost small" onClick={() => update((d) => addQuestion(d, index))}>
          Добавить вопрос
        </button>
      )}
    </details>
  );
}
