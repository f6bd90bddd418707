import type { MunicipalityKind, OrganisationKind, SchoolLocality } from '../../../db/schema/values';

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

export const organisationKindLabels: Record<OrganisationKind, string> = {
  school: 'общеобразовательная организация',
  preschool: 'дошкольная образовательная организация',
};

/** The short forms officials use in tables and in the directory file's «Тип» column. */
export const organisationKindAbbreviations: Record<OrganisationKind, string> = {
  school: 'ОО',
  preschool: 'ДОО',
};
