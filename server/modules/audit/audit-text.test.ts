import { describe, expect, it } from 'vitest';
import { AuditWording } from './audit-text';
import { emptyAuditNames, formatAuditValue, type AuditRecord } from './audit-values';

const names = emptyAuditNames();
names.campaigns.set(7, { title: 'Мониторинг 2026', methodologyId: 'm' });
names.municipalities.set(3, 'Куменский район');
names.schools.set(11, 'Школа № 1');
names.users.set(1, { email: 'region@example.org', fullName: 'Иванова Анна', role: 'regional_coordinator' });
names.users.set(2, { email: 'kumeny@example.org', fullName: 'Петров Пётр', role: 'municipal_coordinator' });
names.methodologies.set('m', {
  title: 'Федеральный перечень',
  levels: [
    { code: 0, label: 'не сформирована' },
    { code: 3, label: 'сформирована' },
  ],
  mechanisms: [{ code: '1.1', title: 'Оценка подготовки' }],
  components: [{ code: 'goals', title: 'Цели' }],
});

const record = (overrides: Partial<AuditRecord>): AuditRecord => ({
  actorUserId: 1,
  actor: 'region@example.org',
  action: 'campaign.updated',
  entityType: 'campaign',
  entityId: '7',
  municipalityId: null,
  before: null,
  after: null,
  ...overrides,
});

const regional = new AuditWording(names, { userId: 1, role: 'regional_coordinator' });
const municipal = new AuditWording(names, { userId: 2, role: 'municipal_coordinator' });

describe('audit wording', () => {
  it('formats values without JSON', () => {
    expect(formatAuditValue(null)).toBe('—');
    expect(formatAuditValue(true)).toBe('да');
    expect(formatAuditValue(1500)).toBe('1\u00a0500');
    expect(formatAuditValue('2026-03-01T09:00:00.000Z')).toBe('01.03.2026, 12:00');
    expect(formatAuditValue(['a', 2])).toBe('a, 2');
    expect(formatAuditValue({ a: 1 })).toBe('…');
  });

  it('names the campaign, the municipality, the mechanism, the component and the levels', () => {
    const override = record({
      action: 'review.overridden',
      municipalityId: 3,
      before: { computedValue: 1 },
      after: { campaignId: 7, mechanismCode: '1.1', target: 'component_points', componentCode: 'goals', value: 2, reason: ' есть приказ ' },
    });
    expect(regional.describe(override)).toEqual({
      actor: 'region@example.org',
      actionLabel: 'Эксперт изменил значение',
      target: 'Кампания «Мониторинг 2026» · Куменский район',
      details: ['Механизм 1.1 «Оценка подготовки»: баллы за компонент «Цели»', 'Было по расчёту: 1 → стало: 2', 'Причина: есть приказ'],
    });
    const withdrawn = record({
      action: 'review.override_withdrawn',
      before: { mechanismCode: '1.1', target: 'mechanism_level', value: 3, computedValue: null },
      after: { campaignId: 7 },
    });
    expect(regional.details(withdrawn)).toEqual([
      'Механизм 1.1 «Оценка подготовки»: уровень механизма',
      'Отменено значение эксперта 3 — сформирована; снова действует расчёт: нет данных',
    ]);
  });

  it('lists changed fields by their Russian names, with names for ids', () => {
    const edited = record({
      action: 'school.updated',
      entityType: 'school',
      entityId: '11',
      before: { shortName: 'Школа 1', municipalityId: 3, locality: 'rural', updatedAt: 'x' },
      after: { shortName: 'Школа № 1', municipalityId: 3, locality: 'urban', updatedAt: 'y' },
    });
    expect(regional.target(edited)).toBe('Школа «Школа № 1»');
    expect(regional.details(edited)).toEqual(['Краткое наименование: Школа 1 → Школа № 1', 'Местность: сельская → городская']);
  });

  it("hides other people's e-mails from a municipal coordinator, but not their own", () => {
    expect(municipal.actor(record({}))).toBe('Иванова Анна (региональный координатор)');
    expect(municipal.actor(record({ actorUserId: 2, actor: 'kumeny@example.org' }))).toBe('kumeny@example.org');
    expect(regional.actor(record({}))).toBe('region@example.org');
    expect(municipal.actor(record({ actorUserId: null, actor: 'system' }))).toBe('Система');
    const experts = record({ action: 'review.experts_assigned', after: { campaignId: 7, experts: ['e@example.org'] } });
    expect(municipal.details(experts)).toEqual(['Назначено экспертов: 1']);
    expect(regional.details(experts)).toEqual(['Эксперты: e@example.org']);
    const user = record({
      action: 'user.updated',
      entityType: 'user',
      entityId: '1',
      before: { email: 'old@example.org' },
      after: { email: 'region@example.org' },
    });
    expect(municipal.target(user)).toBe('Пользователь Иванова Анна (региональный координатор)');
    expect(municipal.details(user)).toEqual(['Почта: адрес скрыт → Иванова Анна (региональный координатор)']);
    expect(regional.details(user)).toEqual(['Почта: old@example.org → region@example.org']);
  });

  it('falls back to numbers when a name is gone', () => {
    expect(regional.target(record({ entityId: '99' }))).toBe('Кампания № 99');
    expect(regional.target(record({ entityType: 'municipality', entityId: '42' }))).toBe('Муниципалитет «муниципалитет № 42»');
  });
});
