import type { MunicipalityKind, SchoolLocality } from '../../db/schema/values';

/**
 * The Kirov region of the 2020 pilot: the 12 municipalities of METHODOLOGY.md §1 and 167 schools.
 * Settlements are real places of each district; which schools exist there is generated, deterministically,
 * so the demo reads like a real region without claiming to be its registry.
 */

export interface DemoMunicipality {
  code: string;
  name: string;
  kind: MunicipalityKind;
  /** Genitive form for full school names: «… Куменского района Кировской области». */
  genitive: string;
  settlements: DemoSettlement[];
}

interface DemoSettlement {
  /** «пгт Кумёны», «с. Вожгалы». */
  name: string;
  locality: SchoolLocality;
  /** Schools in the settlement, by level: СОШ, ООШ, НОШ. */
  schools: Array<'СОШ' | 'ООШ' | 'НОШ'>;
  streets?: string[];
}

const town = (name: string, schools: DemoSettlement['schools'], streets?: string[]): DemoSettlement => ({
  name,
  locality: 'urban',
  schools,
  streets,
});
const village = (name: string, schools: DemoSettlement['schools'] = ['ООШ']): DemoSettlement => ({ name, locality: 'rural', schools });

export const kirovMunicipalities: DemoMunicipality[] = [
  {
    code: '4301',
    name: 'Белохолуницкий район',
    kind: 'district',
    genitive: 'Белохолуницкого района',
    settlements: [
      town('г. Белая Холуница', ['СОШ', 'СОШ', 'ООШ'], ['ул. Глазырина', 'ул. Юбилейная', 'ул. Свободы']),
      village('с. Всехсвятское', ['СОШ']),
      village('п. Дубровка', ['СОШ']),
      village('с. Поломь'),
      village('п. Подрезчиха'),
      village('с. Прокопье'),
      village('с. Троица', ['НОШ']),
      village('п. Климковка'),
    ],
  },
  {
    code: '4302',
    name: 'Верхнекамский муниципальный округ',
    kind: 'municipal_okrug',
    genitive: 'Верхнекамского муниципального округа',
    settlements: [
      town('г. Кирс', ['СОШ', 'СОШ'], ['ул. Кирова', 'ул. Ленина']),
      town('пгт Рудничный', ['СОШ'], ['ул. Трудовая']),
      town('пгт Светлополянск', ['СОШ'], ['ул. Советская']),
      town('пгт Лесной', ['СОШ'], ['ул. Энтузиастов']),
      village('п. Созимский', ['СОШ']),
      village('с. Лойно', ['СОШ']),
      village('п. Камский'),
      village('п. Кай'),
      village('п. Лытка', ['НОШ']),
      village('п. Гидаевка', ['НОШ']),
      village('п. Сорда'),
    ],
  },
  {
    code: '4303',
    name: 'Кильмезский район',
    kind: 'district',
    genitive: 'Кильмезского района',
    settlements: [
      town('пгт Кильмезь', ['СОШ'], ['ул. Советская', 'ул. Труда']),
      village('с. Малая Кильмезь', ['СОШ']),
      village('д. Зимник', ['СОШ']),
      village('с. Бураши'),
      village('с. Вихарево', ['СОШ']),
      village('д. Моторки'),
      village('с. Селино'),
      village('д. Большой Порек'),
      village('д. Рыбная Ватага', ['СОШ']),
      village('п. Осиновка', ['НОШ']),
      village('д. Паска'),
    ],
  },
  {
    code: '4304',
    name: 'Куменский район',
    kind: 'district',
    genitive: 'Куменского района',
    settlements: [
      town('пгт Кумёны', ['СОШ'], ['ул. Кирова', 'ул. Лесная']),
      town('пгт Нижнеивкино', ['СОШ'], ['ул. Ленина']),
      village('с. Вожгалы', ['СОШ']),
      village('с. Березник', ['СОШ']),
      village('п. Речной', ['СОШ']),
      village('с. Верхобыстрица'),
      village('п. Краснооктябрьский'),
      village('с. Большой Перелаз'),
      village('д. Шабалины', ['НОШ']),
      village('с. Рябиновка'),
    ],
  },
  {
    code: '4305',
    name: 'Малмыжский район',
    kind: 'district',
    genitive: 'Малмыжского района',
    settlements: [
      town('г. Малмыж', ['СОШ', 'СОШ'], ['ул. Чернышевского', 'ул. Энгельса']),
      village('с. Калинино', ['СОШ']),
      village('с. Савали', ['СОШ']),
      village('с. Новая Смаиль', ['СОШ']),
      village('с. Старая Тушка', ['СОШ']),
      village('с. Рожки', ['СОШ']),
      village('с. Каксинвай'),
      village('с. Аджим'),
      village('с. Новая Малмыжка'),
      village('с. Плотбище'),
      village('с. Мелеть'),
      village('д. Арык', ['НОШ']),
      village('с. Большой Китяк'),
    ],
  },
  {
    code: '4306',
    name: 'Мурашинский муниципальный округ',
    kind: 'municipal_okrug',
    genitive: 'Мурашинского муниципального округа',
    settlements: [
      town('г. Мураши', ['СОШ', 'ООШ'], ['ул. Пионерская', 'ул. Халтурина']),
      village('п. Октябрьский', ['СОШ']),
      village('п. Безбожник'),
      village('с. Верхораменье'),
      village('п. Староверческая', ['НОШ']),
    ],
  },
  {
    code: '4307',
    name: 'Орловский район',
    kind: 'district',
    genitive: 'Орловского района',
    settlements: [
      town('г. Орлов', ['СОШ', 'СОШ'], ['ул. Орловская', 'ул. Ленина']),
      village('с. Подгорцы', ['СОШ']),
      village('с. Цепели'),
      village('с. Русаново'),
      village('с. Истобенск', ['СОШ']),
      village('д. Кузнецы', ['НОШ']),
      village('с. Колково'),
    ],
  },
  {
    code: '4308',
    name: 'Подосиновский район',
    kind: 'district',
    genitive: 'Подосиновского района',
    settlements: [
      town('пгт Подосиновец', ['СОШ', 'ООШ'], ['ул. Советская', 'ул. Боровая']),
      town('пгт Демьяново', ['СОШ'], ['ул. Гагарина']),
      town('пгт Пинюг', ['СОШ'], ['ул. Кирова']),
      village('с. Яхреньга', ['СОШ']),
      village('п. Лунданка'),
      village('с. Утманово', ['СОШ']),
      village('с. Заречье'),
      village('п. Пушма', ['СОШ']),
      village('с. Щёткино'),
      village('п. Октябрь', ['НОШ']),
      village('д. Шолга'),
    ],
  },
  {
    code: '4309',
    name: 'Слободской район',
    kind: 'district',
    genitive: 'Слободского района',
    settlements: [
      town('пгт Вахруши', ['СОШ', 'ООШ'], ['ул. Ленина', 'ул. Рабочая']),
      village('с. Ильинское', ['СОШ']),
      village('с. Шестаково', ['СОШ']),
      village('с. Стулово', ['СОШ']),
      village('д. Денисовы', ['СОШ']),
      village('с. Закаринье', ['СОШ']),
      village('с. Бобино', ['СОШ']),
      village('с. Карино'),
      village('п. Октябрьский'),
      village('с. Шихово', ['СОШ']),
      village('п. Сухоборка'),
      village('д. Светозарево', ['НОШ']),
      village('с. Совье'),
      village('с. Роговое', ['НОШ']),
    ],
  },
  {
    code: '4310',
    name: 'Советский район',
    kind: 'district',
    genitive: 'Советского района',
    settlements: [
      town('г. Советск', ['СОШ', 'СОШ', 'ООШ'], ['ул. Кирова', 'ул. Ленина', 'ул. Свободы']),
      village('с. Ильинск', ['СОШ']),
      village('с. Родыгино', ['СОШ']),
      village('с. Лесниково'),
      village('с. Греково'),
      village('с. Кичма', ['СОШ']),
      village('с. Колянур'),
      village('с. Вошма', ['НОШ']),
      village('д. Зашижемье'),
      village('д. Мокино', ['НОШ']),
    ],
  },
  {
    code: '4311',
    name: 'Яранский район',
    kind: 'district',
    genitive: 'Яранского района',
    settlements: [
      town('г. Яранск', ['СОШ', 'СОШ', 'ООШ'], ['ул. Кирова', 'ул. Гоголя', 'ул. Рудницкого']),
      village('с. Кугалки', ['СОШ']),
      village('с. Никулята', ['СОШ']),
      village('с. Опытное Поле', ['СОШ']),
      village('с. Салобеляк', ['СОШ']),
      village('с. Сердежа'),
      village('с. Шкаланка', ['СОШ']),
      village('п. Знаменка'),
      village('с. Никола'),
      village('с. Высоково'),
      village('с. Пиштенур', ['НОШ']),
      village('с. Кугушерга', ['НОШ']),
      village('д. Лом'),
    ],
  },
  {
    code: '4312',
    name: 'город Киров',
    kind: 'city_okrug',
    genitive: 'города Кирова',
    settlements: [],
  },
];

/** The city's schools: numbered schools plus gymnasiums and lyceums, as in a real city of half a million. */
const kirovCitySchools: Array<{ short: string; full: string; street: string }> = [];
const cityStreets = [
  'ул. Ленина',
  'ул. Московская',
  'Октябрьский пр-т',
  'ул. Воровского',
  'ул. Пролетарская',
  'ул. Комсомольская',
  'ул. Карла Маркса',
  'ул. Горького',
  'ул. Щорса',
  'ул. Солнечная',
  'ул. Менделеева',
  'ул. Попова',
  'ул. Красноармейская',
  'ул. Лепсе',
  'ул. Сурикова',
  'ул. Некрасова',
  'ул. Чапаева',
  'ул. Профсоюзная',
  'ул. Милицейская',
  'ул. Ульяновская',
];
const cityNumbered = [
  1, 3, 4, 5, 6, 7, 9, 10, 11, 14, 16, 18, 20, 22, 24, 26, 27, 30, 33, 37, 39, 42, 45, 47, 48, 51, 52, 53, 54, 56, 57, 58, 60, 61, 65, 66,
];
for (const [i, n] of cityNumbered.entries()) {
  const advanced = n % 10 === 0 || n === 47;
  kirovCitySchools.push({
    short: advanced ? `МБОУ СОШ с УИОП № ${n} г. Кирова` : `МБОУ СОШ № ${n} г. Кирова`,
    full: advanced
      ? `Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа с углублённым изучением отдельных предметов № ${n}» города Кирова`
      : `Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № ${n}» города Кирова`,
    street: cityStreets[i % cityStreets.length]!,
  });
}
for (const [kind, nominative, numbers] of [
  ['Гимназия', 'Гимназия', [1, 46]],
  ['Лицей', 'Лицей', [9, 21, 28]],
] as const) {
  for (const n of numbers) {
    kirovCitySchools.push({
      short: `МБОУ «${kind} № ${n}» г. Кирова`,
      full: `Муниципальное бюджетное общеобразовательное учреждение «${nominative} № ${n}» города Кирова`,
      street: cityStreets[(n * 7) % cityStreets.length]!,
    });
  }
}
kirovCitySchools.push({
  short: 'МОАУ «Вятская гуманитарная гимназия» г. Кирова',
  full: 'Муниципальное общеобразовательное автономное учреждение «Вятская гуманитарная гимназия с углублённым изучением английского языка» города Кирова',
  street: 'ул. Ленина',
});

const levelNames = {
  СОШ: 'Средняя общеобразовательная школа',
  ООШ: 'Основная общеобразовательная школа',
  НОШ: 'Начальная общеобразовательная школа',
} as const;

export interface DemoSchool {
  municipalityCode: string;
  code: string;
  fullName: string;
  shortName: string;
  locality: SchoolLocality;
  address: string;
}

/** A preschool organisation (ДОО) of the directory: a record like a school's, of kind 'preschool'. */
export interface DemoKindergarten extends DemoSchool {
  kind: 'preschool';
}

/** Deterministic house numbers: the same demo every time, without a random generator. */
const houseNumber = (seed: number) => ((seed * 37) % 89) + 1;

export function kirovSchools(): DemoSchool[] {
  const result: DemoSchool[] = [];
  for (const municipality of kirovMunicipalities) {
    let sequence = 0;
    const next = () => `${municipality.code}${String(++sequence).padStart(3, '0')}`;
    if (municipality.kind === 'city_okrug') {
      for (const school of kirovCitySchools) {
        const code = next();
        result.push({
          municipalityCode: municipality.code,
          code,
          fullName: school.full,
          shortName: school.short,
          locality: 'urban',
          address: `610000, Кировская обл., г. Киров, ${school.street}, д. ${houseNumber(Number(code))}`,
        });
      }
      continue;
    }
    for (const settlement of municipality.settlements) {
      const numbered = settlement.schools.length > 1;
      settlement.schools.forEach((level, index) => {
        const code = next();
        const number = numbered ? ` № ${index + 1}` : '';
        // Small rural schools are usually казённые; town schools бюджетные.
        const [typeFull, typeShort] =
          settlement.locality === 'rural'
            ? ['Муниципальное казённое общеобразовательное учреждение', 'МКОУ']
            : ['Муниципальное бюджетное общеобразовательное учреждение', 'МБОУ'];
        const street = settlement.streets?.[index % settlement.streets.length] ?? 'ул. Школьная';
        result.push({
          municipalityCode: municipality.code,
          code,
          fullName: `${typeFull} «${levelNames[level]}${number} ${settlement.name}» ${municipality.genitive} Кировской области`,
          shortName: `${typeShort} ${level}${number} ${settlement.name}`,
          locality: settlement.locality,
          address: `Кировская обл., ${municipality.name}, ${settlement.name}, ${street}, д. ${houseNumber(Number(code))}`,
        });
      });
    }
  }
  return result;
}

/**
 * A few kindergartens, so that preschool organisations and their respondents can be seen: in Кумёны, Подосиновец and
 * the city of Kirov. The 2020 and 2021 campaigns ask schools only (federal-2020), so these get no questionnaires
 * there; codes 9xx of their municipality keep clear of the schools' numbering.
 */
const kindergartenSpecs: Array<{ municipalityCode: string; settlement: string; name: string; type: 'МКДОУ' | 'МБДОУ'; street: string }> = [
  { municipalityCode: '4304', settlement: 'пгт Кумёны', name: 'Детский сад № 5 «Солнышко»', type: 'МКДОУ', street: 'ул. Лесная' },
  { municipalityCode: '4304', settlement: 'с. Вожгалы', name: 'Детский сад «Колосок»', type: 'МКДОУ', street: 'ул. Школьная' },
  { municipalityCode: '4308', settlement: 'пгт Подосиновец', name: 'Детский сад № 1 «Берёзка»', type: 'МКДОУ', street: 'ул. Боровая' },
  { municipalityCode: '4308', settlement: 'пгт Демьяново', name: 'Детский сад «Теремок»', type: 'МКДОУ', street: 'ул. Гагарина' },
  { municipalityCode: '4312', settlement: 'г. Киров', name: 'Детский сад № 125 «Радуга»', type: 'МБДОУ', street: 'ул. Производственная' },
  { municipalityCode: '4312', settlement: 'г. Киров', name: 'Детский сад № 203 «Лучик»', type: 'МБДОУ', street: 'ул. Воровского' },
  {
    municipalityCode: '4312',
    settlement: 'г. Киров',
    name: 'Центр развития ребёнка — детский сад № 47',
    type: 'МБДОУ',
    street: 'Октябрьский пр-т',
  },
];

const kindergartenTypes = {
  МКДОУ: 'Муниципальное казённое дошкольное образовательное учреждение',
  МБДОУ: 'Муниципальное бюджетное дошкольное образовательное учреждение',
} as const;

export function kirovKindergartens(): DemoKindergarten[] {
  const sequence = new Map<string, number>();
  return kindergartenSpecs.map(({ municipalityCode, settlement, name, type, street }) => {
    const municipality = kirovMunicipalities.find((m) => m.code === municipalityCode)!;
    const n = (sequence.get(municipalityCode) ?? 0) + 1;
    sequence.set(municipalityCode, n);
    const code = `${municipalityCode}9${String(n).padStart(2, '0')}`;
    const city = municipality.kind === 'city_okrug';
    const place = city ? 'города Кирова' : `${settlement} ${municipality.genitive} Кировской области`;
    return {
      municipalityCode,
      code,
      fullName: `${kindergartenTypes[type]} «${name.replace(/«(.+)»/, '„$1“')}» ${place}`,
      shortName: `${type} «${name.replace(/«(.+)»/, '„$1“')}»${city ? ' г. Кирова' : ` ${settlement}`}`,
      locality: municipality.settlements.find((s) => s.name === settlement)?.locality ?? 'urban',
      address: city
        ? `610000, Кировская обл., г. Киров, ${street}, д. ${houseNumber(Number(code))}`
        : `Кировская обл., ${municipality.name}, ${settlement}, ${street}, д. ${houseNumber(Number(code))}`,
      kind: 'preschool',
    };
  });
}
