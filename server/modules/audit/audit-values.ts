import type { StaffRole } from '../../../db/schema/values';

// What an audit text is made of: the names a page of records refers to, who reads it, the record itself, and
// plain values in Russian. The wording of whole records is audit-text.ts.

export interface AuditUserName {
  email: string;
  fullName: string;
  role: StaffRole;
}

export interface AuditMethodologyNames {
  title: string;
  levels: ReadonlyArray<{ code: number; label: string }>;
  mechanisms: ReadonlyArray<{ code: string; title: string }>;
  components: ReadonlyArray<{ code: string; title: string }>;
}

/** Everything a page of records refers to, by id. */
export interface AuditNames {
  regions: Map<number, string>;
  municipalities: Map<number, string>;
  schools: Map<number, string>;
  campaigns: Map<number, { title: string; methodologyId: string }>;
  users: Map<number, AuditUserName>;
  methodologies: Map<string, AuditMethodologyNames>;
}

export const emptyAuditNames = (): AuditNames => ({
  regions: new Map(),
  municipalities: new Map(),
  schools: new Map(),
  campaigns: new Map(),
  users: new Map(),
  methodologies: new Map(),
});

/** Who reads: an administrator sees everything; a municipal coordinator sees no one else's e-mail. */
export interface AuditViewer {
  userId: number;
  role: StaffRole;
}

export interface AuditRecord {
  actorUserId: number | null;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  municipalityId: number | null;
  before: unknown;
  after: unknown;
}

export interface AuditText {
  actor: string;
  actionLabel: string;
  target: string;
  details: string[];
}

export type Json = Record<string, unknown>;

export const asObject = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
export const asNumber = (value: unknown): number | null => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
};
export const quoted = (text: string) => `«${text}»`;

/** A date and time in Moscow time, as the rest of the staff pages print them when no region zone is at hand. */
export function formatAuditDate(value: unknown): string {
  if (typeof value !== 'string' && !(value instanceof Date)) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString('ru-RU', {
    timeZone: 'Europe/Moscow',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** A plain value for a "было → стало" line: no JSON, no quotes around numbers. */
export function formatAuditValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if (typeof value === 'number') return value.toLocaleString('ru-RU');
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(value) ? formatAuditDate(value) : value;
  if (value instanceof Date) return formatAuditDate(value);
  if (Array.isArray(value)) return value.length ? value.map(formatAuditValue).join(', ') : '—';
  return '…';
}
