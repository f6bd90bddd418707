import type { MethodologyVersionSummary } from '@server/modules/methodology/versions.schemas';

/** « — черновик региона», « — выведена из употребления»: what a version is, beside its title. */
function versionStateNote(version: MethodologyVersionSummary): string {
  if (version.state === 'draft') return ` — черновик${version.problemCount ? `, ошибок: ${version.problemCount}` : ''}`;
  if (version.state === 'retired') return ' — выведена из употребления';
  return version.regionId === null ? '' : ' — версия региона';
}

/** A version as a selector lists it: «Оценка механизмов… (2020) — черновик». */
export const versionLabel = (version: MethodologyVersionSummary) => `${version.title} (${version.version})${versionStateNote(version)}`;
