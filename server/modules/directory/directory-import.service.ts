import type { Database, Executor } from '../../../db/client';
import type { OrganisationKind } from '../../../db/schema/values';
import { unprocessable } from '../../errors';
import { regionForWrite } from '../../lib/scope';
import { plural } from '../../lib/plural';
import { recordAudit } from '../audit/audit.repo';
import * as repo from './directory.repo';
import { organisationKindAbbreviations } from './directory-labels';
import { kindChangeRefusal } from './directory.service';
import type { ImportKind, ImportProblem, ParsedMunicipalityRow, ParsedSchoolRow } from './import/directory-import.schemas';
import { parseDirectoryFile } from './import/parse';
import type { ImportPreview, ImportRowStatus } from './directory.schemas';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';

const PREVIEW_ROWS = 500;
/** A file of junk rows can carry 100 000 problems; the first thousand say what is wrong. */
const PREVIEW_PROBLEMS = 1000;

interface PlannedRow {
  row: number;
  code: string;
  name: string;
  organisationKind: OrganisationKind | null;
  status: ImportRowStatus;
  changedFields: string[];
}

type Plan =
  | { kind: 'municipalities'; rows: ParsedMunicipalityRow[]; planned: PlannedRow[]; before: unknown[] }
  | { kind: 'schools'; rows: Array<repo.SchoolValues & { row: number }>; planned: PlannedRow[]; before: unknown[] };

/** Russian names of the fields that differ between the stored record and the file's row. */
function changedFields<T extends object>(before: T | undefined, after: T, labels: Partial<Record<keyof T, string>>): string[] {
  if (!before) return [];
  return (Object.keys(labels) as Array<keyof T>).filter((key) => (before[key] ?? null) !== (after[key] ?? null)).map((key) => labels[key]!);
}

const statusOf = (exists: boolean, changes: string[]): ImportRowStatus => (!exists ? 'create' : changes.length ? 'update' : 'unchanged');

/** A row that would change the kind of an organisation taking part in a campaign not yet published is refused. */
async function kindChangeProblems(
  db: Executor,
  rows: Array<{ row: number; code: string; kind: OrganisationKind }>,
  existing: Map<string, { id: number; kind: OrganisationKind }>,
): Promise<ImportProblem[]> {
  const changing = rows.flatMap((row) => {
    const before = existing.get(row.code);
    return before && before.kind !== row.kind ? [{ row: row.row, id: before.id, kind: before.kind }] : [];
  });
  const campaigns = await repo.unpublishedCampaignsOf(
    db,
    changing.map((row) => row.id),
  );
  return changing.flatMap(({ row, id, kind }) => {
    const titles = campaigns.filter((campaign) => campaign.schoolId === id).map((campaign) => campaign.title);
    if (!titles.length) return [];
    const keep = `Укажите прежний тип «${organisationKindAbbreviations[kind]}» или оставьте ячейку пустой.`;
    return [{ row, column: 'Тип', message: `${kindChangeRefusal(titles)} ${keep}` }];
  });
}

/** The stored organisations of the region with these codes, by code. */
async function storedSchools(db: Executor, regionId: number, codes: string[]) {
  return new Map((await repo.schoolsByCode(db, regionId, codes)).map((s) => [s.code, s]));
}

/** The commit refuses a file with problems, naming the first of them; the preview shows the same. */
function refusal(problemCount: number, problems: ImportProblem[]) {
  const message = problemCount
    ? `В файле ${problemCount} ${plural(problemCount, 'ошибка', 'ошибки', 'ошибок')}; ничего не изменено. Исправьте файл и загрузите снова.`
    : 'В файле нет строк с данными; ничего не изменено.';
  return unprocessable(message, problems.slice(0, PREVIEW_PROBLEMS));
}

/**
 * Import of the directory from a file: a dry run that lists every problem and every change, and a commit that
 * repeats the same checks and then applies all rows in one transaction, or none. Upserts by code make a repeated
 * import of the same file change nothing.
 */
export function createDirectoryImportService({ db }: { db: Database }) {
  async function plan(regionId: number, kind: ImportKind, bytes: Uint8Array, fileName?: string) {
    const parsed = await parseDirectoryFile(kind, bytes, fileName);
    const problems: ImportProblem[] = [...parsed.problems];
    const existingMunicipalities = await repo.municipalitiesByCode(db, regionId);
    const municipalityByCode = new Map(existingMunicipalities.map((m) => [m.code, m]));

    let result: Plan;
    if (parsed.kind === 'municipalities') {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the parsed union does not narrow its rows by kind
      const rows = parsed.rows as ParsedMunicipalityRow[];
      const planned = rows.map((row) => {
        const before = municipalityByCode.get(row.code);
        const changes = changedFields<{ name: string; kind: string }>(before, row, { name: 'Наименование', kind: 'Тип' });
        const status = statusOf(Boolean(before), changes);
        return { row: row.row, code: row.code, name: row.name, organisationKind: null, status, changedFields: changes };
      });
      const before = planned.filter((p) => p.status === 'update').map((p) => municipalityByCode.get(p.code));
      result = { kind: 'municipalities', rows, planned, before };
    } else {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the parsed union does not narrow its rows by kind
      const parsedRows = parsed.rows as ParsedSchoolRow[];
      const existingSchools = await storedSchools(
        db,
        regionId,
        parsedRows.map((r) => r.code),
      );
      const rows: Array<repo.SchoolValues & { row: number }> = [];
      const planned: PlannedRow[] = [];
      for (const row of parsedRows) {
        const municipality = municipalityByCode.get(row.municipalityCode);
        if (!municipality) {
          problems.push({
            row: row.row,
            column: 'Код муниципалитета',
            message: `Муниципалитет с кодом «${row.municipalityCode}» не найден в регионе. Сначала загрузите муниципалитеты.`,
          });
          continue;
        }
        const before = existingSchools.get(row.code);
        const values = {
          row: row.row,
          municipalityId: municipality.id,
          code: row.code,
          // No kind in the file: a stored organisation keeps its own, a new one is a school.
          kind: row.kind ?? before?.kind ?? 'school',
          fullName: row.fullName,
          shortName: row.shortName,
          locality: row.locality,
          address: row.address,
        };
        const changes = changedFields<Omit<repo.SchoolValues, 'code'>>(before, values, {
          municipalityId: 'Муниципалитет',
          kind: 'Тип',
          fullName: 'Полное наименование',
          shortName: 'Краткое наименование',
          locality: 'Местность',
          address: 'Адрес',
        });
        rows.push(values);
        planned.push({
          row: row.row,
          code: row.code,
          name: row.shortName,
          organisationKind: values.kind,
          status: statusOf(Boolean(before), changes),
          changedFields: changes,
        });
      }
      problems.push(...(await kindChangeProblems(db, rows, existingSchools)));
      const before = planned.filter((p) => p.status === 'update').map((p) => existingSchools.get(p.code));
      result = { kind: 'schools', rows, planned, before };
    }

    const problemRows = new Set(problems.map((p) => p.row));
    const preview: ImportPreview = {
      kind,
      format: parsed.format,
      encoding: parsed.encoding ?? null,
      totalRows: parsed.totalRows,
      problems: problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)).slice(0, PREVIEW_PROBLEMS),
      problemCount: problems.length,
      summary: {
        create: result.planned.filter((p) => p.status === 'create').length,
        update: result.planned.filter((p) => p.status === 'update').length,
        unchanged: result.planned.filter((p) => p.status === 'unchanged').length,
      },
      rows: result.planned.slice(0, PREVIEW_ROWS).map((p) => (problemRows.has(p.row) ? { ...p, status: 'error' as const } : p)),
      canCommit: problems.length === 0 && result.planned.length > 0,
    };
    return { preview, plan: result };
  }

  return {
    async preview(
      principal: StaffPrincipal,
      requestedRegionId: number | undefined,
      kind: ImportKind,
      bytes: Uint8Array,
      fileName?: string,
    ) {
      return (await plan(regionForWrite(principal, requestedRegionId), kind, bytes, fileName)).preview;
    },

    async commit(
      principal: StaffPrincipal,
      actor: AuditActor,
      requestedRegionId: number | undefined,
      kind: ImportKind,
      bytes: Uint8Array,
      fileName?: string,
    ) {
      const regionId = regionForWrite(principal, requestedRegionId);
      const { preview, plan: planned } = await plan(regionId, kind, bytes, fileName);
      if (!preview.canCommit) throw refusal(preview.problemCount, preview.problems);
      const changed = planned.planned.filter((p) => p.status !== 'unchanged');
      await db.transaction(async (tx) => {
        if (planned.kind === 'municipalities') await repo.upsertMunicipalities(tx, regionId, planned.rows);
        else {
          // The plan's kind check ran before this transaction, and a campaign launched since may hold some of these
          // organisations: checked again under the lock that launches and late schools take, it holds until commit.
          await repo.lockOrganisationKinds(tx, regionId);
          const { rows } = planned;
          const stored = await storedSchools(
            tx,
            regionId,
            rows.map((r) => r.code),
          );
          const problems = await kindChangeProblems(tx, rows, stored);
          if (problems.length) throw refusal(problems.length, problems);
          await repo.upsertSchools(
            tx,
            regionId,
            rows.map(({ row: _row, ...values }) => values),
          );
        }
        await recordAudit(tx, actor, {
          action: `${planned.kind === 'municipalities' ? 'municipalities' : 'schools'}.imported`,
          entityType: 'region',
          entityId: regionId,
          regionId,
          before: planned.before,
          after: { fileName: fileName ?? null, summary: preview.summary, changed: changed.map(({ code, status }) => ({ code, status })) },
        });
      });
      return preview.summary;
    },
  };
}

export type DirectoryImportService = ReturnType<typeof createDirectoryImportService>;
