import { kirov2020Profiles } from './campaign-2020';
import { generateKirovCampaign, type CampaignSpec, type KirovCampaignData, type MunicipalityProfile } from './campaign-generator';

/**
 * The region's next campaign, for comparisons with 2020: same methodology and mechanisms, more respondents, and a
 * year of change in a few municipalities. Яранский район adopted a roadmap for every mechanism (0 → 1), Слободской
 * район built analysis and recommendations on the monitoring it had (1 → 2), Подосиновский район lost its
 * specialists and most of its documents went unrenewed (2 → 1); Куменский район added career guidance and
 * school heads' monitoring. Everyone else much as in 2020.
 */
const changes: Readonly<Record<string, Partial<MunicipalityProfile>>> = {
  '4304': { maturity: [0.85, 0.55, 0.6, 0.8, 0.9, 0.75, 0.5, 0.8, 0.65], documentation: 0.75 },
  '4308': { maturity: [0.4, 0.55, 0.35, 0.4, 0.45, 0.3, 0.3, 0.4, 0.6], documentation: 0.35, published: 0.3 },
  '4309': {
    maturity: [0.7, 0.65, 0.5, 0.55, 0.8, 0.6, 0.5, 0.65, 0.55],
    documentation: 0.55,
    published: 0.6,
    overclaims: ['2.4/recommendations'],
  },
  '4311': { maturity: [0.5, 0.35, 0.4, 0.4, 0.45, 0.35, 0.3, 0.45, 0.4], documentation: 0.35, published: 0.4 },
};

/** Submitted questionnaires per municipality: 412 of 501, up from 380. */
const questionnaires: Readonly<Record<string, number>> = {
  '4301': 25,
  '4302': 29,
  '4303': 26,
  '4304': 29,
  '4305': 34,
  '4306': 15,
  '4307': 20,
  '4308': 28,
  '4309': 38,
  '4310': 30,
  '4311': 37,
  '4312': 101,
};

const kirov2021Profiles: readonly MunicipalityProfile[] = kirov2020Profiles.map((profile) => ({
  ...profile,
  ...changes[profile.code],
  questionnaires: questionnaires[profile.code]!,
}));

const kirov2021Spec: CampaignSpec = {
  seed: 'kirov-2021',
  title: 'Оценка муниципальных механизмов управления качеством образования, 2021 год',
  year: 2021,
  opensOn: '2021-09-13',
  closesOn: '2021-10-22',
  profiles: kirov2021Profiles,
};

/** The closed 2021 campaign: its settings, the 12 municipal forms and the 412 submitted questionnaires. */
export function kirov2021Responses(): KirovCampaignData {
  return generateKirovCampaign(kirov2021Spec);
}
