import { describe, expect, it } from 'vitest';
import { districtPageLink, mailtoLink, reminderMessage } from './reminder-message';

const facts = {
  campaignTitle: 'Оценка 2026',
  municipalityName: 'Куменский район',
  deadline: new Date('2026-09-30T20:59:00Z'),
  timeZone: 'Europe/Moscow',
  recipientName: 'Иванова Анна Петровна',
  organisationKinds: ['school' as const],
  link: districtPageLink('https://muko.example.ru/', 7, 12),
};

describe('the reminder message', () => {
  it('states the deadline in Moscow time and names only the municipal form when every school has sent', () => {
    const { subject, text } = reminderMessage({ ...facts, schools: [], municipalForm: 'in_progress' });
    expect(subject).toMatch(/^Напоминание: «Оценка 2026» — приём анкет до 30 сентября 2026 г\.,? (в )?23:59 по московскому времени$/);
    expect(text).toContain('заканчивается 30 сентября 2026');
    expect(text).not.toContain('Не отправлены анкеты');
    expect(text).toContain('Муниципальная форма не отправлена (заполняется).');
    expect(text).toContain('\nhttps://muko.example.ru/campaigns/7/municipalities/12\n');
  });

  it('lists each school with its missing roles and leaves the form out once it is sent', () => {
    const { text } = reminderMessage({
      ...facts,
      schools: [
        { shortName: 'Школа № 1', questionnaires: [{ role: 'teacher', status: 'in_progress' }] },
        {
          shortName: 'Школа № 2',
          questionnaires: [
            { role: 'director', status: 'not_started' },
            { role: 'deputy_director', status: 'not_started' },
          ],
        },
      ],
      municipalForm: null,
    });
    expect(text).toContain(
      'Не отправлены анкеты школ (3):\n• Школа № 1: педагогический работник — заполняется\n• Школа № 2: директор — не начата; заместитель директора — не начата\n',
    );
    expect(text).not.toContain('Муниципальная форма');
    expect(text).toContain('коды доступа и бланки для школ, муниципальная форма:');
  });

  it('names schools and kindergartens alike when the campaign asks both', () => {
    const { text } = reminderMessage({
      ...facts,
      organisationKinds: ['school', 'preschool'],
      schools: [{ shortName: 'МКДОУ д/с № 5', questionnaires: [{ role: 'educator', status: 'not_started' }] }],
      municipalForm: null,
    });
    expect(text).toContain('Не отправлены анкеты школ и детских садов (1):\n• МКДОУ д/с № 5: воспитатель — не начата\n');
    expect(text).toContain('коды доступа и бланки для школ и детских садов,');
    expect(text).not.toMatch(/анкеты школ \(|бланки для школ,/);
  });

  it('opens in a mail program with the same subject and text, line breaks as CRLF', () => {
    const link = mailtoLink('a.b+c@example.ru', 'Тема & «кавычки»', 'Строка 1\nСтрока 2 = 100%');
    expect(link.startsWith('mailto:a.b%2Bc@example.ru?subject=')).toBe(true);
    const parsed = new URL(link);
    expect(parsed.searchParams.get('subject')).toBe('Тема & «кавычки»');
    expect(parsed.searchParams.get('body')).toBe('Строка 1\r\nСтрока 2 = 100%');
  });
});
