import { z } from 'zod';
import { plural } from './plural';

const typeNames: Record<string, string> = {
  string: 'строка',
  number: 'число',
  int: 'целое число',
  boolean: 'да или нет',
  array: 'список',
  object: 'объект',
  date: 'дата',
  null: 'пустое значение',
  undefined: 'значение',
};

const formatNames: Record<string, string> = {
  email: 'адрес электронной почты',
  url: 'адрес веб-страницы',
  uuid: 'идентификатор',
  datetime: 'дата и время',
  date: 'дата',
};

function describeInput(input: unknown): string {
  if (input === undefined) return 'ничего';
  if (input === null) return 'пустое значение';
  if (Array.isArray(input)) return 'список';
  return typeNames[typeof input] ?? 'значение другого типа';
}

/**
 * Plain-language Russian messages for the issues people actually meet in forms and API calls;
 * anything rarer falls back to zod's own Russian locale.
 */
export const russianErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Обязательное поле';
      return `Ожидается ${typeNames[issue.expected] ?? issue.expected}, получено: ${describeInput(issue.input)}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min <= 1 ? 'Поле не должно быть пустым' : `Не короче ${min} ${plural(min, 'символа', 'символов', 'символов')}`;
      if (issue.origin === 'array') return `Выберите не меньше ${min}`;
      return issue.inclusive ? `Не меньше ${min}` : `Больше ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `Не длиннее ${max} ${plural(max, 'символа', 'символов', 'символов')}`;
      if (issue.origin === 'array') return `Не больше ${max} ${plural(max, 'элемента', 'элементов', 'элементов')}`;
      return issue.inclusive ? `Не больше ${max}` : `Меньше ${max}`;
    }
    case 'invalid_format':
      return `Неверный формат: ожидается ${formatNames[issue.format] ?? 'значение в верном формате'}`;
    case 'invalid_value':
      return `Недопустимое значение; допустимо: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `Неизвестные поля: ${issue.keys.join(', ')}`;
    default:
      return undefined;
  }
};

let configured = false;
/** Installs the Russian messages for every zod schema in this process (server or browser). */
export function useRussianZodMessages(): void {
  if (configured) return;
  z.config(z.locales.ru());
  z.config({ customError: russianErrorMap });
  configured = true;
}
