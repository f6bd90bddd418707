import type { MunicipalityKind, SchoolLocality } from '../../../db/schema/values';

// Zod-free on purpose: the directory pages show these, and must not download the validation library for them.

export const municipalityKindLabels: Record<MunicipalityKind, string> = {
  district: 'муниципальный район',
  municipal_okrug: 'муниципальный округ',
  city_okrug: 'городской округ',
};

export const schoolLocalityLabels: Record<SchoolLocality, string> = {
  urban: 'городская',
  rural: 'сельская',
};
