import type { ChangeKind, DiffValue, FieldChange, ItemDiff } from '@server/modules/methodology/diff.schemas';
import { wordDiff, type TextPart } from './word-diff';

// The pieces of the comparison page: a table of changes with «Было» and «Стало» side by side, removed words struck
// through and added ones underlined (and announced to screen readers), an item heading with its status.

const KIND_LABELS: Record<ChangeKind, string> = { added: 'добавлено', removed: 'удалено', changed: 'изменено' };
const KIND_BADGES: Record<ChangeKind, string> = { added: 'success', removed: 'danger', changed: 'warning' };

type Scalar = Exclude<DiffValue, unknown[]>;
type Side = 'before' | 'after';

function formatScalar(value: Scalar): string {
  if (value === null) return 'пусто';
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if (typeof value === 'number') return value.toLocaleString('ru-RU');
  return value === '' ? '(пустой текст)' : value;
}

function Marked({ side, children }: { side: Side; children: string }) {
  return side === 'before' ? <del>{children}</del> : <ins>{children}</ins>;
}

function Words({ parts, side }: { parts: TextPart[]; side: Side }) {
  return (
    <>
      {parts.map((part, index) =>
        part.changed ? (
          <Marked key={index} side={side}>
            {part.text}
          </Marked>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

function Value({ value, other, side, words }: { value: DiffValue; other: DiffValue | null; side: Side; words?: TextPart[] }) {
  if (words) return <Words parts={words} side={side} />;
  if (Array.isArray(value)) {
    const others = new Set((Array.isArray(other) ? other : []).map(formatScalar));
    if (value.length === 0) return <span className="muted">(пустой список)</span>;
    return (
      <ul className="diff-list">
        {value.map((item, index) => {
          const text = formatScalar(item);
          return <li key={index}>{others.has(text) ? text : <Marked side={side}>{text}</Marked>}</li>;
        })}
      </ul>
    );
  }
  return <Marked side={side}>{formatScalar(value)}</Marked>;
}

function Row({ change }: { change: FieldChange }) {
  const { before, after } = change;
  const words = typeof before === 'string' && typeof after === 'string' ? wordDiff(before, after) : undefined;
  const cell = (side: Side) => {
    const value = change[side];
    const absent = side === 'before' ? change.kind === 'added' : change.kind === 'removed';
    return (
      <td data-label={side === 'before' ? 'Было' : 'Стало'}>
        {absent || value === null ? (
          <span className="muted">нет</span>
        ) : (
          <Value value={value} other={change[side === 'before' ? 'after' : 'before']} side={side} words={words?.[side]} />
        )}
      </td>
    );
  };
  return (
    <tr className={`diff-${change.kind}`}>
      <th scope="row">{change.label}</th>
      {cell('before')}
      {cell('after')}
    </tr>
  );
}

export function ChangeTable({ changes, caption }: { changes: FieldChange[]; caption: string }) {
  if (changes.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="diff-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Что</th>
            <th scope="col">Было</th>
            <th scope="col">Стало</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <Row key={change.path} change={change} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function KindBadge({ kind }: { kind: ChangeKind }) {
  return <span className={`badge ${KIND_BADGES[kind]}`}>{KIND_LABELS[kind]}</span>;
}

/** A question or an indicator: its name, its wording (the newer one when both), and what changed in it. */
export function ItemChanges({ item, noun }: { item: ItemDiff; noun: 'Вопрос' | 'Показатель' }) {
  const title = item.title.after ?? item.title.before ?? item.name;
  return (
    <article className="diff-item" aria-label={`${noun} ${item.name}`}>
      <h5>
        <code>{item.name}</code> <KindBadge kind={item.status} />
        <br />
        <span className="diff-item-title">{title}</span>
      </h5>
      <ChangeTable changes={item.changes} caption={`${noun} ${item.name}: изменения`} />
    </article>
  );
}
