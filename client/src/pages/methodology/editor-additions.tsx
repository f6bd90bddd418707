import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ORGANISATION_KINDS, type OrganisationKind, type RespondentRole } from '@db/schema/values';
import { respondentRoleLabels } from '@server/modules/campaigns/campaign-labels';
import { organisationKindLabels } from '@server/modules/directory/directory-labels';
import { DialogActions, Field, Modal, SelectField } from '../../components/ui';
import {
  addAnswerScale,
  addCycleComponent,
  addRespondentRole,
  newComponentProblems,
  newRoleProblems,
  newScaleProblem,
  unusedRespondentRoles,
  type CycleComponentInfo,
  type RespondentRoleInfo,
} from './document-additions';
import { type MethodologyDocument } from './document-edits';
import { addMechanism, newMechanismProblems, type NewMechanism } from './mechanism-edits';
import { useEditor } from './editor-fields';

// Adding the parts other parts refer to — an answer scale, a respondent role, a cycle component, a mechanism — each
// through a small dialog that names what is missing before anything changes, and removing them when nothing refers
// to them.

export const organisationKindOptions = ORGANISATION_KINDS.map((kind) => ({ value: kind, label: organisationKindLabels[kind] }));

/** «Удалить …»: removes at once, or says in Russian what still refers to the part. */
export function RemoveButton({ label, refusal, onRemove }: { label: string; refusal: string | null; onRemove: () => void }) {
  const { readOnly } = useEditor();
  const [tried, setTried] = useState(false);
  if (readOnly) return null;
  return (
    <div className="actions-bar">
      <button type="button" className="button ghost small" onClick={() => (refusal ? setTried(true) : onRemove())}>
        {label}
      </button>
      {tried && refusal ? (
        <p className="field-error" role="alert">
          {refusal}
        </p>
      ) : null}
    </div>
  );
}

type Problems<T> = Partial<Record<keyof T, string>>;

/**
 * A button that opens a form for a new part. Problems appear once the form was submitted, and nothing is added until
 * there are none; then `add` changes the document and the dialog closes.
 */
function AddDialog<T>({
  button,
  title,
  initial,
  problems,
  add,
  children,
}: {
  button: string;
  title: string;
  initial: () => T;
  problems: (document: MethodologyDocument, value: T) => Problems<T>;
  add: (document: MethodologyDocument, value: T) => MethodologyDocument;
  children: (value: T, set: (patch: Partial<T>) => void, errors: Problems<T>) => ReactNode;
}) {
  const { document, readOnly, update } = useEditor();
  const [value, setValue] = useState<T | null>(null);
  const [submitted, setSubmitted] = useState(false);
  if (readOnly) return null;
  const close = () => {
    setValue(null);
    setSubmitted(false);
  };
  const found = value === null ? {} : problems(document, value);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (value === null || Object.keys(found).length > 0) return;
    update((current) => add(current, value));
    close();
  };
  return (
    <>
      <button type="button" className="button ghost small" onClick={() => setValue(initial())}>
        {button}
      </button>
      {value !== null ? (
        <Modal title={title} onClose={close}>
          <form onSubmit={submit} noValidate>
            {children(value, (patch) => setValue({ ...value, ...patch }), submitted ? found : {})}
            <DialogActions action="Добавить" onCancel={close} />
          </form>
        </Modal>
      ) : null}
    </>
  );
}

function TextArea({ label, value, error, onChange }: { label: string; value: string; error?: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={3} value={value} aria-invalid={error ? true : undefined} onChange={(e) => onChange(e.target.value)} />
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}

export function AddScaleDialog() {
  return (
    <AddDialog<{ code: string }>
      button="Добавить шкалу"
      title="Новая шкала ответов"
      initial={() => ({ code: '' })}
      problems={(document, { code }) => {
        const problem = newScaleProblem(document, code);
        return problem ? { code: problem } : {};
      }}
      add={(document, { code }) => addAnswerScale(document, code)}
    >
      {(value, set, errors) => (
        <Field
          label="Код шкалы"
          required
          value={value.code}
          error={errors.code}
          hint="Латиницей, например often_rarely. Варианты ответа («Да», «Нет») затем можно изменить и дополнить."
          onChange={(e) => set({ code: e.target.value.trim() })}
        />
      )}
    </AddDialog>
  );
}

export function AddRoleDialog() {
  const { document } = useEditor();
  const unused = unusedRespondentRoles(document);
  if (unused.length === 0) return <p className="muted">Все роли респондентов уже есть в версии.</p>;
  const first = unused[0]!;
  return (
    <AddDialog<RespondentRoleInfo>
      button="Добавить роль"
      title="Новая роль респондентов"
      initial={() => ({
        code: first,
        label: respondentRoleLabels[first],
        organisationKind: 'school',
        questionnaireTitle: `Анкета: ${respondentRoleLabels[first].toLowerCase()}`,
        questionnaireDescription: '',
      })}
      problems={newRoleProblems}
      add={addRespondentRole}
    >
      {(value, set, errors) => (
        <>
          <SelectField
            label="Роль"
            required
            value={value.code}
            error={errors.code}
            options={unused.map((code) => ({ value: code, label: respondentRoleLabels[code] }))}
            onChange={(e) => {
              const code = e.target.value as RespondentRole;
              set({
                code,
                label: respondentRoleLabels[code],
                questionnaireTitle: `Анкета: ${respondentRoleLabels[code].toLowerCase()}`,
              });
            }}
          />
          <Field
            label="Название в анкетах"
            required
            value={value.label}
            error={errors.label}
            onChange={(e) => set({ label: e.target.value })}
          />
          <SelectField
            label="Тип организации"
            required
            value={value.organisationKind}
            options={organisationKindOptions}
            onChange={(e) => set({ organisationKind: e.target.value as OrganisationKind })}
          />
          <Field
            label="Заголовок анкеты"
            required
            value={value.questionnaireTitle}
            error={errors.questionnaireTitle}
            onChange={(e) => set({ questionnaireTitle: e.target.value })}
          />
          <TextArea
            label="Вступление анкеты"
            value={value.questionnaireDescription}
            error={errors.questionnaireDescription}
            onChange={(text) => set({ questionnaireDescription: text })}
          />
        </>
      )}
    </AddDialog>
  );
}

export function AddComponentDialog() {
  return (
    <AddDialog<CycleComponentInfo>
      button="Добавить компонент цикла"
      title="Новый компонент управленческого цикла"
      initial={() => ({ code: '', title: '', description: '', municipalQuestion: '', visibleToSchools: false })}
      problems={newComponentProblems}
      add={addCycleComponent}
    >
      {(value, set, errors) => (
        <>
          <Field
            label="Код компонента"
            required
            value={value.code}
            error={errors.code}
            hint="Латиницей, например review"
            onChange={(e) => set({ code: e.target.value.trim() })}
          />
          <Field label="Название" required value={value.title} error={errors.title} onChange={(e) => set({ title: e.target.value })} />
          <TextArea label="Описание" value={value.description} error={errors.description} onChange={(text) => set({ description: text })} />
          <Field
            label="Вопрос муниципальной формы"
            required
            value={value.municipalQuestion}
            error={errors.municipalQuestion}
            onChange={(e) => set({ municipalQuestion: e.target.value })}
          />
          <label className="check">
            <input type="checkbox" checked={value.visibleToSchools} onChange={(e) => set({ visibleToSchools: e.target.checked })} />
            Подтверждают школы (по анкетам)
          </label>
          <p className="field-hint">
            Затем опишите, что считается этим компонентом в каждом механизме, и общую рекомендацию: список ошибок покажет, где.
          </p>
        </>
      )}
    </AddDialog>
  );
}

const NEW_BLOCK = '';

export function AddMechanismDialog() {
  const { document } = useEditor();
  const blocks = document.blocks ?? [];
  return (
    <AddDialog<NewMechanism>
      button="Добавить механизм"
      title="Новый механизм"
      initial={() => ({
        code: '',
        title: '',
        goal: '',
        block: blocks[0] ? { code: blocks[0].code, title: blocks[0].title } : { code: '', title: '' },
      })}
      problems={newMechanismProblems}
      add={addMechanism}
    >
      {(value, set, errors) => {
        const existing = blocks.some((block) => block.code === value.block.code);
        return (
          <>
            <SelectField
              label="Блок"
              required
              value={existing ? value.block.code : NEW_BLOCK}
              options={[
                ...blocks.map((block) => ({ value: block.code, label: `${block.code}. ${block.title}` })),
                { value: NEW_BLOCK, label: 'новый блок' },
              ]}
              onChange={(e) => {
                const block = blocks.find((b) => b.code === e.target.value);
                set({ block: block ? { code: block.code, title: block.title } : { code: '', title: '' } });
              }}
            />
            {existing ? null : (
              <div className="form-row">
                <Field
                  label="Номер нового блока"
                  required
                  value={value.block.code}
                  error={errors.block}
                  onChange={(e) => set({ block: { ...value.block, code: e.target.value.trim() } })}
                />
                <Field
                  label="Название нового блока"
                  required
                  value={value.block.title}
                  onChange={(e) => set({ block: { ...value.block, title: e.target.value } })}
                />
              </div>
            )}
            <Field
              label="Код механизма"
              required
              value={value.code}
              error={errors.code}
              hint="Номер блока и номер механизма через точку, например 2.6"
              onChange={(e) => set({ code: e.target.value.trim() })}
            />
            <Field label="Название" required value={value.title} error={errors.title} onChange={(e) => set({ title: e.target.value })} />
            <TextArea label="Цель" value={value.goal} error={errors.goal} onChange={(text) => set({ goal: text })} />
            <p className="field-hint">
              Вопросы анкеты и тексты механизма добавляются затем в его карточке; до тех пор список ошибок их назовёт.
            </p>
          </>
        );
      }}
    </AddDialog>
  );
}
