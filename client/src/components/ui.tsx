import { useEffect, useId, useRef, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { ApiError } from '../lib/api';

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'error' | 'success' | 'warning'; children: ReactNode }) {
  return (
    <div className={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof ApiError || error instanceof Error ? error.message : 'Что-то пошло не так.';
  return <Notice kind="error">{message}</Notice>;
}

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  error?: string;
  hint?: ReactNode;
}

export function Field({ label, error, hint, id, ...input }: FieldProps) {
  const autoId = useId();
  const fieldId = id ?? autoId;
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={fieldId}>
        {label}
        {input.required ? (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      <input
        id={fieldId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${fieldId}-note` : undefined}
        {...input}
      />
      {error ? (
        <p id={`${fieldId}-note`} className="field-error">
          {error}
        </p>
      ) : hint ? (
        <p id={`${fieldId}-note`} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  error?: string;
  options: Array<{ value: string | number; label: string }>;
  placeholder?: string;
}

export function SelectField({ label, error, options, placeholder, id, ...select }: SelectFieldProps) {
  const autoId = useId();
  const fieldId = id ?? autoId;
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={fieldId}>
        {label}
        {select.required ? (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      <select id={fieldId} aria-invalid={error ? true : undefined} {...select}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}

/** A search box that reports its value after the user pauses typing. */
export function SearchBox({
  value,
  onSearch,
  label = 'Поиск',
  placeholder,
}: {
  value: string;
  onSearch: (value: string) => void;
  label?: string;
  placeholder?: string;
}) {
  const [text, setText] = useState(value);
  const id = useId();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => setText(value), [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <div className="search-box">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder={placeholder ?? label}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => onSearch(next.trim()), 300);
        }}
      />
    </div>
  );
}

export function Pager({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total === 0) return null;
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className="pager" aria-label="Страницы списка">
      <span>
        {from}–{to} из {total}
      </span>
      <button type="button" className="button ghost small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ← Назад
      </button>
      <span aria-current="page">
        стр. {page} из {pages}
      </span>
      <button type="button" className="button ghost small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Вперёд →
      </button>
    </nav>
  );
}

/** A modal dialog: Escape and the backdrop close it, focus moves inside on open and back on close. */
export function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button');
    first?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus();
    };
  }, [onClose]);
  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref}>
        <header className="modal-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label="Закрыть" onClick={onClose}>
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}

export function Loading({ label = 'Загрузка…' }: { label?: string }) {
  return (
    <p className="muted" role="status">
      {label}
    </p>
  );
}

/**
 * The row at the foot of a dialog: the primary action, then «Отмена» (or another way out). Without `onAction` the
 * primary button submits the surrounding form; while `pending` it is disabled and reads `pendingAction`.
 */
export function DialogActions({
  action,
  pendingAction,
  pending = false,
  disabled = false,
  onAction,
  onCancel,
  cancel = 'Отмена',
}: {
  action: ReactNode;
  pendingAction?: ReactNode;
  pending?: boolean;
  disabled?: boolean;
  onAction?: () => void;
  onCancel: () => void;
  cancel?: ReactNode;
}) {
  return (
    <div className="form-actions">
      <button type={onAction ? 'button' : 'submit'} className="button primary" disabled={pending || disabled} onClick={onAction}>
        {pending && pendingAction !== undefined ? pendingAction : action}
      </button>
      <button type="button" className="button ghost" onClick={onCancel}>
        {cancel}
      </button>
    </div>
  );
}
