import { generateKirovCampaign, type CampaignSpec, type KirovCampaignData, type MunicipalityProfile } from './campaign-generator';

/**
 * The Kirov pilot of July–August 2020 (METHODOLOGY.md §1): 380 of 501 questionnaires and all 12 municipal forms.
 * Profiles are set so that scoring gives the published outcome — «частично сформирована» in Куменский район,
 * Подосиновский район and город Киров, «есть отдельные элементы системы» or «не сформирована» elsewhere — with each
 * municipality strong in its own mechanisms. Maturity is per mechanism: 1.1 1.2 1.3 1.4 | 2.1 2.2 2.3 2.4 2.5.
 */
export const kirov2020Profiles: readonly MunicipalityProfile[] = [
  // «Есть отдельные элементы системы»: goals and monitoring in place, little beyond analysis.
  { code: '4301', maturity: [0.45, 0.3, 0.4, 0.35, 0.5, 0.25, 0.3, 0.45, 0.4], documentation: 0.35, published: 0.4, questionnaires: 22 },
  {
    code: '4302',
    maturity: [0.35, 0.4, 0.3, 0.45, 0.4, 0.3, 0.25, 0.35, 0.5],
    documentation: 0.3,
    published: 0.3,
    questionnaires: 26,
    overclaims: ['1.4/measures'],
  },
  // «Не сформирована»: a few goals on paper.
  { code: '4303', maturity: [0.2, 0.1, 0.15, 0.25, 0.3, 0.1, 0.15, 0.2, 0.25], documentation: 0.2, published: 0.3, questionnaires: 24 },
  // Куменский район: objectivity (2.1) and assessment (1.1) well built, methodical work close behind.
  {
    code: '4304',
    maturity: [0.85, 0.5, 0.6, 0.55, 0.9, 0.45, 0.5, 0.8, 0.6],
    documentation: 0.65,
    published: 0.7,
    questionnaires: 27,
    overclaims: ['2.3/recommendations'],
  },
  { code: '4305', maturity: [0.5, 0.35, 0.3, 0.3, 0.55, 0.3, 0.35, 0.4, 0.35], documentation: 0.4, published: 0.35, questionnaires: 30 },
  {
    code: '4306',
    maturity: [0.15, 0.2, 0.1, 0.15, 0.25, 0.1, 0.1, 0.2, 0.2],
    documentation: 0.25,
    published: 0.2,
    questionnaires: 14,
    overclaims: ['1.1/monitoring', '2.1/analysis'],
  },
  { code: '4307', maturity: [0.4, 0.3, 0.5, 0.4, 0.45, 0.35, 0.3, 0.3, 0.45], documentation: 0.35, published: 0.45, questionnaires: 18 },
  // Подосиновский район: low-results schools (1.2) and upbringing (2.5); many documents named without a link.
  {
    code: '4308',
    maturity: [0.6, 0.8, 0.55, 0.6, 0.65, 0.5, 0.45, 0.6, 0.85],
    documentation: 0.5,
    published: 0.45,
    questionnaires: 30,
    overclaims: ['1.3/measures', '2.2/decisions'],
  },
  {
    code: '4309',
    maturity: [0.45, 0.45, 0.3, 0.35, 0.6, 0.4, 0.3, 0.4, 0.3],
    documentation: 0.35,
    published: 0.3,
    questionnaires: 33,
    overclaims: ['2.1/decisions', '2.4/recommendations'],
  },
  { code: '4310', maturity: [0.55, 0.3, 0.4, 0.3, 0.5, 0.45, 0.35, 0.45, 0.35], documentation: 0.4, published: 0.4, questionnaires: 27 },
  { code: '4311', maturity: [0.25, 0.15, 0.2, 0.2, 0.2, 0.15, 0.1, 0.25, 0.2], documentation: 0.2, published: 0.25, questionnaires: 31 },
  // Город Киров: talent (1.3), career guidance (1.4) and school heads (2.2), documents on the city's website.
  {
    code: '4312',
    maturity: [0.8, 0.55, 0.9, 0.75, 0.7, 0.7, 0.6, 0.65, 0.6],
    documentation: 0.75,
    published: 0.85,
    questionnaires: 98,
    overclaims: ['1.2/recommendations'],
  },
];

const kirov2020Spec: CampaignSpec = {
  seed: 'kirov-2020',
  title: 'Оценка муниципальных механизмов управления качеством образования, 2020 год (апробация)',
  year: 2020,
  opensOn: '2020-07-06',
  closesOn: '2020-08-14',
  profiles: kirov2020Profiles,
};

/** The closed 2020 campaign: its settings, the 12 municipal forms and the 380 submitted questionnaires. */
export function kirov2020Responses(): KirovCampaignData {
  return generateKirovCampaign(kirov2020Spec);
}
