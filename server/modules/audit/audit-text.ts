import type { StaffRole } from '../../../db/schema/values';
import { roleLabels } from '../auth/auth-labels';
import { municipalityKindLabels, schoolLocalityLabels } from '../directory/directory-labels';
import { reviewStatusLabels } from '../results/results-labels';
import { auditActionLabels, auditEntityLabels } from './audit-labels';
import {
  asNumber,
  asObject,
  formatAuditValue,
  quoted,
  type AuditMethodologyNames,
  type AuditNames,
  type AuditRecord,
  type AuditText,
  type AuditViewer,
  type Json,
} from './audit-values';

// An audit record as people read it: the action, what it was done to, and the changed values, all in Russian and
// with names instead of ids. Pure: the repository gathers the names, this file only words them.

export class AuditWording {
  constructor(
    private readonly names: AuditNames,
    private readonly viewer: AuditViewer,
  ) {}

  /** A municipal coordinator sees a colleague by name and role; everyone else by the e-mail too. */
  private showsEmails(userId: number | null) {
    return this.viewer.role !== 'municipal_coordinator' || userId === this.viewer.userId;
  }

  person(userId: number | null, fallbackEmail?: string): string {
    const user = userId === null ? undefined : this.names.users.get(userId);
    if (!user) {
      if (fallbackEmail && this.viewer.role !== 'municipal_coordinator') return fallbackEmail;
      return 'сотрудник';
    }
    const role = roleLabels[user.role].toLowerCase();
    return this.showsEmails(userId) ? `${user.fullName} (${role}, ${user.email})` : `${user.fullName} (${role})`;
  }

  actor(record: AuditRecord): string {
    if (record.actorUserId === null) return record.actor === 'system' ? 'Система' : record.actor;
    if (this.showsEmails(record.actorUserId)) return record.actor;
    return this.person(record.actorUserId);
  }

  /** An address the record holds, shown only to those who may see other people's addresses. */
  private email(value: unknown): string {
    const email = typeof value === 'string' ? value : '';
    if (this.viewer.role !== 'municipal_coordinator') return email || '—';
    const own = [...this.names.users.entries()].find(([, user]) => user.email === email)?.[0];
    if (own !== undefined) return this.person(own);
    return 'адрес скрыт';
  }

  private region = (id: unknown) => {
    const key = asNumber(id);
    return key === null ? '—' : (this.names.regions.get(key) ?? `регион № ${key}`);
  };
  private municipality = (id: unknown) => {
    const key = asNumber(id);
    return key === null ? '—' : (this.names.municipalities.get(key) ?? `муниципалитет № ${key}`);
  };
  private school = (id: unknown) => {
    const key = asNumber(id);
    return key === null ? '—' : (this.names.schools.get(key) ?? `школа № ${key}`);
  };
  private campaignTitle = (id: unknown) => {
    const key = asNumber(id);
    return key === null ? undefined : this.names.campaigns.get(key)?.title;
  };

  private methodologyOf(campaignId: unknown): AuditMethodologyNames | undefined {
    const key = asNumber(campaignId);
    const campaign = key === null ? undefined : this.names.campaigns.get(key);
    return campaign ? this.names.methodologies.get(campaign.methodologyId) : undefined;
  }

  /** «1.1 «Система оценки…»» from the campaign's methodology, or the bare code. */
  mechanism(campaignId: unknown, code: unknown): string {
    const title = this.methodologyOf(campaignId)?.mechanisms.find((m) => m.code === code)?.title;
    return title ? `${formatAuditValue(code)} ${quoted(title)}` : formatAuditValue(code);
  }

  level(campaignId: unknown, value: unknown): string {
    const code = asNumber(value);
    if (code === null) return 'нет данных';
    const label = this.methodologyOf(campaignId)?.levels.find((l) => l.code === code)?.label;
    return label ? `${code} — ${label}` : String(code);
  }

  component(campaignId: unknown, code: unknown): string {
    const title = this.methodologyOf(campaignId)?.components.find((c) => c.code === code)?.title;
    return title ? quoted(title) : formatAuditValue(code);
  }

  /** What the record is about: «Кампания «…» · Куменский район». */
  target(record: AuditRecord): string {
    const after = asObject(record.after);
    const before = asObject(record.before);
    const id = record.entityId;
    const parts: string[] = [];
    switch (record.entityType) {
      case 'campaign': {
        const title = this.campaignTitle(id) ?? (typeof after.title === 'string' ? after.title : undefined);
        parts.push(title ? `Кампания ${quoted(title)}` : `Кампания № ${id ?? '—'}`);
        break;
      }
      case 'municipal_form': {
        const title = this.campaignTitle(after.campaignId);
        parts.push(title ? `Муниципальная форма, кампания ${quoted(title)}` : 'Муниципальная форма');
        break;
      }
      case 'municipality':
        parts.push(`Муниципалитет ${quoted(this.municipality(id))}`);
        return parts.join(' · ');
      case 'school':
        parts.push(`Школа ${quoted(this.school(id))}`);
        break;
      case 'region':
        parts.push(`Регион ${quoted(this.region(id))}`);
        break;
      case 'user': {
        const userId = asNumber(id);
        const known = userId === null ? undefined : this.names.users.get(userId);
        const email = known?.email ?? (typeof after.email === 'string' ? after.email : before.email);
        parts.push(`Пользователь ${known ? this.person(userId) : this.email(email)}`);
        break;
      }
      default:
        parts.push(`${auditEntityLabels[record.entityType] ?? record.entityType}${id ? ` № ${id}` : ''}`);
    }
    if (record.municipalityId !== null) parts.push(this.municipality(record.municipalityId));
    return parts.join(' · ');
  }

  /** Changed fields of an edited record, «Наименование: было → стало». */
  private changes(before: Json, after: Json): string[] {
    const lines: string[] = [];
    for (const [key, label] of Object.entries(fieldLabels)) {
      if (!(key in after)) continue;
      const was = this.field(key, before[key]);
      const now = this.field(key, after[key]);
      if (!(key in before)) {
        if (now !== '—') lines.push(`${label}: ${now}`);
      } else if (was !== now) lines.push(`${label}: ${was} → ${now}`);
    }
    return lines;
  }

  private field(key: string, value: unknown): string {
    switch (key) {
      case 'role':
        return typeof value === 'string' && value in roleLabels ? roleLabels[value as StaffRole] : formatAuditValue(value);
      case 'kind':
        return municipalityKindLabels[value as keyof typeof municipalityKindLabels] ?? formatAuditValue(value);
      case 'locality':
        return schoolLocalityLabels[value as keyof typeof schoolLocalityLabels] ?? formatAuditValue(value);
      case 'regionId':
        return value == null ? '—' : this.region(value);
      case 'municipalityId':
        return value == null ? '—' : this.municipality(value);
      case 'municipality':
        return this.municipality(asObject(value).id ?? value);
      case 'email':
        return value == null ? '—' : this.email(value);
      case 'disabledAt':
        return value ? 'отключён' : 'действует';
      case 'methodologyId': {
        const title = typeof value === 'string' ? this.names.methodologies.get(value)?.title : undefined;
        return title ?? formatAuditValue(value);
      }
      case 'municipalityIds':
        return Array.isArray(value) ? (value.length ? value.map(this.municipality).join(', ') : '—') : 'все';
      default:
        return formatAuditValue(value);
    }
  }

  /** The record's values in words; nothing here is raw JSON. */
  details(record: AuditRecord): string[] {
    const before = asObject(record.before);
    const after = asObject(record.after);
    const campaignId = record.entityType === 'campaign' ? record.entityId : after.campaignId;
    const lines: string[] = [];
    const reason = (value: unknown) => {
      if (typeof value === 'string' && value.trim()) lines.push(`Причина: ${value.trim()}`);
    };
    switch (record.action) {
      case 'review.overridden':
      case 'review.override_withdrawn': {
        const override = record.action === 'review.overridden' ? after : before;
        const what =
          override.target === 'component_points'
            ? `баллы за компонент ${this.component(campaignId, override.componentCode)}`
            : 'уровень механизма';
        const format = (value: unknown) =>
          override.target === 'component_points' ? formatAuditValue(value) : this.level(campaignId, value);
        lines.push(`Механизм ${this.mechanism(campaignId, override.mechanismCode)}: ${what}`);
        const computed = record.action === 'review.overridden' ? before.computedValue : override.computedValue;
        if (record.action === 'review.overridden') lines.push(`Было по расчёту: ${format(computed)} → стало: ${format(override.value)}`);
        else lines.push(`Отменено значение эксперта ${format(override.value)}; снова действует расчёт: ${format(computed)}`);
        reason(override.reason);
        break;
      }
      case 'review.confirmed':
        lines.push(`Механизм ${this.mechanism(campaignId, after.mechanismCode)}`);
        break;
      case 'review.status_changed':
      case 'review.reopened_by_scoring': {
        const status = (value: unknown) => reviewStatusLabels[value as keyof typeof reviewStatusLabels] ?? formatAuditValue(value);
        lines.push(before.status ? `Статус: ${status(before.status)} → ${status(after.status)}` : `Статус: ${status(after.status)}`);
        break;
      }
      case 'review.experts_assigned': {
        const experts = Array.isArray(after.experts) ? after.experts : [];
        if (this.viewer.role === 'municipal_coordinator') lines.push(`Назначено экспертов: ${experts.length}`);
        else lines.push(`Эксперты: ${experts.length ? experts.map(formatAuditValue).join(', ') : 'не назначены'}`);
        break;
      }
      case 'scoring.run': {
        const inputs = asObject(after.inputs);
        const all: Array<[string, unknown]> = [
          ['муниципалитетов', inputs.municipalities],
          ['школ', inputs.schools],
          ['анкет', inputs.questionnaires],
          ['муниципальных форм', inputs.municipalForms],
        ];
        const counts = all.filter(([, value]) => asNumber(value) !== null);
        if (counts.length) lines.push(`Учтено: ${counts.map(([label, value]) => `${label} — ${formatAuditValue(value)}`).join(', ')}`);
        if (Array.isArray(after.reopened) && after.reopened.length)
          lines.push(`Возвращены на проверку: ${after.reopened.map(this.municipality).join(', ')}`);
        break;
      }
      case 'campaign.launched':
        lines.push(`Выдано кодов: ${formatAuditValue(after.questionnaires)}; муниципалитетов: ${formatAuditValue(after.municipalities)}`);
        break;
      case 'campaign.extended':
      case 'campaign.reopened':
        lines.push(`Приём до: ${formatAuditValue(before.closesAt)} → ${formatAuditValue(after.closesAt)}`);
        if (Array.isArray(after.municipalityIds))
          lines.push(`Для муниципалитетов: ${after.municipalityIds.map(this.municipality).join(', ')}`);
        reason(after.reason);
        break;
      case 'campaign.published':
        lines.push(`Публикация № ${formatAuditValue(after.publication)}`);
        break;
      case 'campaign.unpublished':
        lines.push(`Снята публикация № ${formatAuditValue(before.publication)}`);
        reason(after.reason);
        break;
      case 'campaign.schools_added':
        lines.push(
          `Школ: ${formatAuditValue(Array.isArray(after.schoolIds) ? after.schoolIds.length : null)}; выдано кодов: ${formatAuditValue(after.codes)}`,
        );
        break;
      case 'campaign.school_excluded':
        lines.push(`Школа: ${typeof after.school === 'string' ? after.school : this.school(after.schoolId)}`);
        reason(after.reason);
        break;
      case 'access.codes_viewed':
      case 'access.reissued':
        lines.push(`Кодов: ${formatAuditValue(after.codes)}`);
        if (after.schoolId != null) lines.push(`Школа: ${this.school(after.schoolId)}`);
        if (after.purpose === 'print') lines.push('Для печати');
        else if (after.purpose === 'export') lines.push('Выгрузка в файл');
        break;
      case 'campaign.reminder_sent':
        lines.push(
          `Кому: ${after.userId != null ? this.person(asNumber(after.userId), typeof after.to === 'string' ? after.to : undefined) : this.email(after.to)}`,
        );
        if (after.automatic) lines.push('Отправлено автоматически');
        break;
      case 'campaign.reminder_schedule_set': {
        const days = (value: unknown) => (asNumber(value) === null ? 'выключены' : `за ${formatAuditValue(value)} дн. до срока`);
        lines.push(`Автоматические напоминания: ${days(before.daysBefore)} → ${days(after.daysBefore)}`);
        break;
      }
      case 'municipal_form.submitted':
        lines.push(`Версия формы: ${formatAuditValue(after.revision)}`);
        break;
      case 'municipalities.imported':
      case 'schools.imported': {
        const summary = asObject(after.summary);
        if (typeof after.fileName === 'string') lines.push(`Файл: ${after.fileName}`);
        lines.push(
          `Добавлено: ${formatAuditValue(summary.create ?? 0)}, изменено: ${formatAuditValue(summary.update ?? 0)}, без изменений: ${formatAuditValue(summary.unchanged ?? 0)}`,
        );
        break;
      }
      case 'backup.exported':
      case 'backup.imported': {
        const counts = asObject(after.counts);
        const parts = Object.entries(backupCountLabels)
          .filter(([key]) => asNumber(counts[key]) !== null)
          .map(([key, label]) => `${label} — ${formatAuditValue(counts[key])}`);
        if (parts.length) lines.push(`Содержит: ${parts.join(', ')}`);
        if (typeof after.file === 'string') lines.push(`Файл: ${after.file}`);
        break;
      }
      case 'user.password_reset':
      case 'user.password_changed':
        break;
      default:
        lines.push(...this.changes(before, after));
    }
    return lines;
  }

  describe(record: AuditRecord): AuditText {
    return {
      actor: this.actor(record),
      actionLabel: auditActionLabels[record.action] ?? record.action,
      target: this.target(record),
      details: this.details(record),
    };
  }
}

/** The fields of edited records people care about, in the order they read them. */
const fieldLabels: Record<string, string> = {
  title: 'Название',
  name: 'Наименование',
  fullName: 'ФИО / полное наименование',
  shortName: 'Краткое наименование',
  code: 'Код',
  email: 'Почта',
  role: 'Роль',
  regionId: 'Регион',
  municipalityId: 'Муниципалитет',
  municipality: 'Муниципалитет',
  kind: 'Тип',
  locality: 'Местность',
  timeZone: 'Часовой пояс',
  year: 'Год',
  methodologyId: 'Методика',
  mechanismCodes: 'Механизмы',
  opensAt: 'Приём с',
  closesAt: 'Приём до',
  disabledAt: 'Доступ',
};

const backupCountLabels: Record<string, string> = {
  municipality: 'муниципалитетов',
  school: 'школ',
  response: 'анкет',
  municipal_form: 'муниципальных форм',
  user: 'пользователей',
};
