import { createContext, useContext, type ReactNode } from 'react';
import {
  fieldId,
  getIn,
  percentToShare,
  shareToPercent,
  toggle,
  typedNumber,
  updateList,
  type MethodologyDocument,
  type Path,
} from './document-edits';

// Form fields bound to a place in the methodology document: each reads its value by path, writes through the
// editor's `change`, carries the id a problem links to, and shows that place's problems under itself.

export interface Editor {
  document: MethodologyDocument;
  readOnly: boolean;
  change: (path: Path, value: unknown) => void;
  update: (edit: (document: MethodologyDocument) => MethodologyDocument) => void;
  /** Problems by formatted path («scoring.levelBands[1].fromPercent»). */
  problemsAt: (path: Path) => string[];
  roleLabel: (code: string) => string;
}

const EditorContext = createContext<Editor | null>(null);
export const EditorProvider = EditorContext.Provider;

export function useEditor(): Editor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('useEditor outside EditorProvider');
  return editor;
}

function FieldShell({ path, label, hint, children }: { path: Path; label: string; hint?: ReactNode; children: ReactNode }) {
  const { problemsAt } = useEditor();
  const problems = problemsAt(path);
  return (
    <div className={problems.length ? 'field invalid' : 'field'}>
      <label htmlFor={fieldId(path)}>{label}</label>
      {children}
      {problems.map((message) => (
        <p key={message} className="field-error">
          {message}
        </p>
      ))}
      {hint && !problems.length ? <p className="field-hint">{hint}</p> : null}
    </div>
  );
}

export function TextInput({ path, label, multiline, hint }: { path: Path; label: string; multiline?: boolean; hint?: ReactNode }) {
  const { document, readOnly, change, problemsAt } = useEditor();
  const raw = getIn(document, path);
  const value = typeof raw === 'string' ? raw : '';
  const common = {
    id: fieldId(path),
    value,
    readOnly,
    'aria-invalid': problemsAt(path).length ? true : undefined,
  } as const;
  return (
    <FieldShell path={path} label={label} hint={hint}>
      {multiline ? (
        <textarea
          {...common}
          rows={Math.min(8, Math.max(2, Math.ceil(value.length / 90)))}
          onChange={(e) => change(path, e.target.value)}
        />
      ) : (
        <input {...common} type="text" onChange={(e) => change(path, e.target.value)} />
      )}
    </FieldShell>
  );
}

/**
 * A number of the rules. `share` values are stored 0–1 and typed as percents; what is not a number is kept as typed
 * and the checker names it.
 */
export function NumberInput({
  path,
  label,
  unit,
  share,
  hint,
}: {
  path: Path;
  label: string;
  unit?: string;
  share?: boolean;
  hint?: ReactNode;
}) {
  const { document, readOnly, change, problemsAt } = useEditor();
  const raw = getIn(document, path);
  const shown = typeof raw === 'number' ? String(share ? shareToPercent(raw) : raw) : typeof raw === 'string' ? raw : '';
  const onChange = (text: string) => {
    const value = typedNumber(text);
    change(path, share && typeof value === 'number' ? percentToShare(value) : value);
  };
  return (
    <FieldShell path={path} label={label} hint={hint}>
      <span className="number-field">
        <input
          id={fieldId(path)}
          type="text"
          inputMode="decimal"
          value={shown}
          readOnly={readOnly}
          aria-invalid={problemsAt(path).length ? true : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        {share ? <span className="muted">%</span> : unit ? <span className="muted">{unit}</span> : null}
      </span>
    </FieldShell>
  );
}

export function CheckInput({ path, label }: { path: Path; label: string }) {
  const { document, readOnly, change } = useEditor();
  return (
    <label className="check">
      <input
        id={fieldId(path)}
        type="checkbox"
        checked={getIn(document, path) === true}
        disabled={readOnly}
        onChange={(e) => change(path, e.target.checked)}
      />
      {label}
    </label>
  );
}

/** A group of checkboxes over a list of codes stored at `path`. */
export function CodeChecklist({
  path,
  legend,
  options,
}: {
  path: Path;
  legend: string;
  options: ReadonlyArray<{ value: string; label: string }>;
}) {
  const { document, readOnly, change, problemsAt } = useEditor();
  const raw = getIn(document, path);
  const chosen = Array.isArray(raw) ? (raw as string[]) : [];
  const problems = problemsAt(path);
  return (
    <fieldset className="checklist" id={fieldId(path)}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(option.value)}
            disabled={readOnly}
            onChange={() => change(path, toggle(chosen, option.value))}
          />
          {option.label}
        </label>
      ))}
      {problems.map((message) => (
        <p key={message} className="field-error">
          {message}
        </p>
      ))}
    </fieldset>
  );
}

/** Problems of a place that has no field of its own (a list, a whole question). */
export function PlaceProblems({ path }: { path: Path }) {
  const problems = useEditor().problemsAt(path);
  if (!problems.length) return null;
  return (
    <ul className="field-error">
      {problems.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

/** A choice stored at `path`; `value`/`onSelect` translate when the stored shape is not the option's value. */
export function SelectInput({
  path,
  label,
  options,
  value,
  onSelect,
}: {
  path: Path;
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  value?: string;
  onSelect?: (value: string) => void;
}) {
  const { document, readOnly, change } = useEditor();
  const stored = getIn(document, path);
  const current = value ?? (typeof stored === 'string' || typeof stored === 'number' ? String(stored) : '');
  return (
    <FieldShell path={path} label={label}>
      <select
        id={fieldId(path)}
        value={current}
        disabled={readOnly}
        onChange={(e) => (onSelect ?? ((v) => change(path, v)))(e.target.value)}
      >
        {options.some((option) => option.value === current) ? null : <option value={current}>{current || '—'}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** Answer options (text and stored value) at `path`: a question's own or a scale's; added and removed here. */
export function OptionList({ path, legend }: { path: Path; legend: string }) {
  const { document, readOnly, update } = useEditor();
  const raw = getIn(document, path);
  const choices = Array.isArray(raw) ? raw : [];
  return (
    <fieldset className="checklist" id={fieldId(path)}>
      <legend>{legend}</legend>
      {choices.map((_, index) => (
        <div key={index} className="form-row">
          <TextInput path={[...path, index, 'text']} label="Текст" />
          <TextInput path={[...path, index, 'value']} label="Значение (латиницей)" />
          {readOnly ? null : (
            <button
              type="button"
              className="button ghost small"
              aria-label={`Удалить вариант ${index + 1}: ${legend}`}
              onClick={() => update((d) => updateList(d, path, (list) => list.filter((__, i) => i !== index)))}
            >
              ×
            </button>
          )}
        </div>
      ))}
      <PlaceProblems path={path} />
      {readOnly ? null : (
        <button
          type="button"
          className="button ghost small"
          onClick={() =>
            update((d) => updateList(d, path, (list) => [...list, { value: `option_${list.length + 1}`, text: 'Новый вариант' }]))
          }
        >
          Добавить вариант
        </button>
      )}
    </fieldset>
  );
}
