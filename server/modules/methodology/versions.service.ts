import type { Database, Executor } from '../../../db/client';
import { badRequest, conflict, notFound, unprocessable } from '../../errors';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';
import { plural } from '../../lib/plural';
import { regionForWrite } from '../../lib/scope';
import { recordAudit } from '../audit/audit.repo';
import { diffMethodologies } from './diff';
import type { VersionDiff } from './diff.schemas';
import { checkMethodologyDocument, type DocumentProblem } from './document-check';
import { findMethodology, listMethodologies } from './methodology.repo';
import type { Methodology, MethodologyReference } from './methodology.schemas';
import { describeMethodology, summarizeMethodology } from './methodology.service';
import { previewMethodology, type VersionPreview } from './preview';
import type { MethodologyVersionSummary } from './versions.schemas';
import * as repo from './versions.repo';
import { exportMethodologyWorkbook, locateProblems, readMethodologyWorkbook } from './workbook';

// Methodology versions as data (issue #20): the installation's catalogues (surveys/), read-only, and each region's
// own versions — forked or uploaded drafts, checked on every save, published once they are clean, retired when no
// longer offered. A published version never changes; a campaign freezes its copy at launch.

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const MAX_ID_LENGTH = 100;

/** What a caller sees: administrators everything; a region's staff the installation's and their region's, drafts for coordinators. */
function scopeOf(principal: StaffPrincipal): repo.VersionScope {
  if (principal.role === 'admin') return { withDrafts: true };
  return { regionId: principal.regionId!, withDrafts: principal.role === 'regional_coordinator' };
}

const notFoundVersion = () => notFound('Версия методики не найдена.');

function summaryOf(row: repo.VersionRow, problems: readonly DocumentProblem[], parsed: Methodology | null): MethodologyVersionSummary {
  const document = row.document;
  const base = parsed
    ? summarizeMethodology(parsed)
    : {
        id: row.id,
        version: typeof document.version === 'string' ? document.version : '',
        title: typeof document.title === 'string' && document.title.trim() ? document.title : row.id,
        mechanismCount: 0,
        blocks: [],
      };
  return {
    ...base,
    id: row.id,
    regionId: row.regionId,
    state: row.state,
    readOnly: row.regionId === null || row.state !== 'draft',
    forkedFrom: row.forkedFrom,
    problemCount: problems.length,
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

function checked(row: repo.VersionRow) {
  // The installation's versions were checked when the server started.
  if (row.regionId === null) {
    const shipped = findMethodology(row.id);
    if (shipped) return { methodology: shipped, problems: [] };
  }
  return checkMethodologyDocument(row.document);
}

/**
 * A draft is saved even with problems (issue #20 §3), but the answer is 422 so that no client mistakes it for a
 * clean save: the details carry every problem and the saved version.
 */
function refuseIfProblems<T extends { version: MethodologyVersionSummary; problems: readonly DocumentProblem[] }>(answer: T): T {
  const count = answer.problems.length;
  if (count === 0) return answer;
  throw unprocessable(
    `Черновик сохранён, но в нём ${count} ${plural(count, 'ошибка', 'ошибки', 'ошибок')}: исправьте их, чтобы опубликовать.`,
    { saved: true, ...answer },
  );
}

/** The document must be a JSON object; its id names the version. */
function asDocument(document: unknown): Record<string, unknown> {
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw unprocessable('Документ методики должен быть объектом JSON.', {
      problems: [{ path: '(документ)', message: 'Ожидается объект JSON' }],
    });
  return document as Record<string, unknown>;
}

export function createMethodologyService({ db }: { db: Database }) {
  async function visible(principal: StaffPrincipal, id: string) {
    const row = await repo.findVersion(db, id, scopeOf(principal));
    if (!row) throw notFoundVersion();
    return row;
  }

  /** A region's version the caller may change, locked: another region's is unknown, the installation's read-only. */
  async function ownVersion(tx: Executor, principal: StaffPrincipal, id: string) {
    const row = await repo.lockVersion(tx, id);
    if (!row) throw notFoundVersion();
    if (row.regionId === null)
      throw conflict('Версии методики, поставляемые с платформой, изменить нельзя: создайте на их основе черновик.');
    if (principal.role !== 'admin' && row.regionId !== principal.regionId) throw notFoundVersion();
    return row;
  }

  function result(row: repo.VersionRow) {
    const check = checked(row);
    return { version: summaryOf(row, check.problems, check.methodology), problems: check.problems };
  }

  async function createDraft(
    principal: StaffPrincipal,
    actor: AuditActor,
    document: Record<string, unknown>,
    requestedRegion: number | undefined,
    action: 'methodology.uploaded' | 'methodology.imported',
  ) {
    const regionId = regionForWrite(principal, requestedRegion);
    const id = document.id;
    if (typeof id !== 'string' || !ID_PATTERN.test(id) || id.length > MAX_ID_LENGTH)
      throw unprocessable('У документа нет допустимого идентификатора: по нему версию сохраняют и выбирают в кампании.', {
        problems: [{ path: 'id', message: 'Идентификатор методики: строчные латинские буквы, цифры и дефис, не длиннее 100 знаков' }],
      });
    return db.transaction(async (tx) => {
      const row = await repo.insertDraft(tx, { id, regionId, document, forkedFrom: null, createdBy: principal.userId });
      if (!row)
        throw conflict(`Версия методики «${id}» уже есть: измените идентификатор в документе или сохраните в существующий черновик.`);
      const answer = result(row);
      await recordAudit(tx, actor, {
        action,
        entityType: 'methodology',
        entityId: id,
        regionId,
        after: { id, problems: answer.problems.length },
      });
      return answer;
    });
  }

  async function replaceDraft(
    principal: StaffPrincipal,
    actor: AuditActor,
    id: string,
    document: Record<string, unknown>,
    action: 'methodology.saved' | 'methodology.imported',
  ) {
    return db.transaction(async (tx) => {
      const before = await ownVersion(tx, principal, id);
      if (before.state !== 'draft')
        throw conflict('Опубликованную или выведенную из употребления версию изменить нельзя: создайте на её основе черновик.');
      const row = (await repo.saveDocument(tx, id, document))!;
      const answer = result(row);
      await recordAudit(tx, actor, {
        action,
        entityType: 'methodology',
        entityId: id,
        regionId: row.regionId,
        after: { id, problems: answer.problems.length },
      });
      return answer;
    });
  }

  return {
    /** Writes surveys/ into the database as the installation's versions; called once at start. */
    syncSystemVersions() {
      return repo.upsertSystemVersions(db, listMethodologies());
    },

    async list(principal: StaffPrincipal): Promise<MethodologyVersionSummary[]> {
      const rows = await repo.listVersions(db, scopeOf(principal));
      return rows.map((row) => {
        const check = checked(row);
        return summaryOf(row, check.problems, check.methodology);
      });
    },

    async reference(principal: StaffPrincipal, id: string): Promise<MethodologyReference> {
      const row = await visible(principal, id);
      const { methodology } = checked(row);
      if (!methodology) throw conflict('В черновике есть ошибки: исправьте их, чтобы увидеть методику целиком.');
      return describeMethodology(methodology);
    },

    /** Every questionnaire, the municipal form and the rules of a version as they will read; a draft only once it is clean. */
    async preview(principal: StaffPrincipal, id: string): Promise<VersionPreview> {
      const row = await visible(principal, id);
      const { methodology, problems } = checked(row);
      if (!methodology) {
        const count = problems.length;
        throw conflict(
          `Анкеты черновика нельзя собрать: в нём ${count} ${plural(count, 'ошибка', 'ошибки', 'ошибок')}. Исправьте их в редакторе методики.`,
          { problemCount: count },
        );
      }
      return { version: summaryOf(row, problems, methodology), ...previewMethodology(methodology) };
    },

    async document(principal: StaffPrincipal, id: string): Promise<Record<string, unknown>> {
      return (await visible(principal, id)).document;
    },

    async check(principal: StaffPrincipal, id: string) {
      return result(await visible(principal, id));
    },

    /** What changed from `withId` (by default the version it was forked from) to `id`; drafts with problems too. */
    async diff(principal: StaffPrincipal, id: string, withId: string | undefined): Promise<VersionDiff> {
      const after = await visible(principal, id);
      const otherId = withId ?? after.forkedFrom;
      if (otherId === null) throw badRequest('Версия не создана на основе другой: укажите, с какой версией сравнить (параметр with).');
      const before = await visible(principal, otherId);
      return { before: result(before).version, after: result(after).version, diff: diffMethodologies(before.document, after.document) };
    },

    /** A new draft of the caller's region from a whole document; its `id` names it. */
    async upload(principal: StaffPrincipal, actor: AuditActor, body: unknown, requestedRegion: number | undefined) {
      return refuseIfProblems(await createDraft(principal, actor, asDocument(body), requestedRegion, 'methodology.uploaded'));
    },

    /** Replaces a draft's document; a document with problems is saved too, and they are named (422). */
    async save(principal: StaffPrincipal, actor: AuditActor, id: string, body: unknown) {
      const document = asDocument(body);
      if (document.id !== id)
        throw unprocessable(`Идентификатор в документе («${String(document.id)}») должен совпадать с идентификатором черновика «${id}».`, {
          problems: [{ path: 'id', message: `Ожидается «${id}»` }],
        });
      return refuseIfProblems(await replaceDraft(principal, actor, id, document, 'methodology.saved'));
    },

    /** The workbook of a version the caller sees; 409 when the document cannot go into a workbook exactly. */
    async exportWorkbook(principal: StaffPrincipal, id: string): Promise<Buffer> {
      return exportMethodologyWorkbook((await visible(principal, id)).document);
    },

    /**
     * A workbook as a new draft of the caller's region, or into one of its drafts (the draft keeps its id). A workbook
     * that cannot be read saves nothing (422 with every problem by sheet, row and column); a readable one with
     * methodology problems is saved and answered 422 like a JSON upload, each problem located in the workbook.
     */
    async importWorkbook(
      principal: StaffPrincipal,
      actor: AuditActor,
      bytes: Uint8Array,
      requestedRegion: number | undefined,
      into?: string,
    ) {
      const read = await readMethodologyWorkbook(bytes);
      if (!read.document) {
        const count = read.problems.length;
        throw unprocessable(
          `Книгу не удалось прочитать: ${count} ${plural(count, 'ошибка', 'ошибки', 'ошибок')}; ничего не сохранено. Исправьте книгу и загрузите снова.`,
          { saved: false, problems: read.problems },
        );
      }
      const answer =
        into === undefined
          ? await createDraft(principal, actor, read.document, requestedRegion, 'methodology.imported')
          : await replaceDraft(principal, actor, into, { ...read.document, id: into }, 'methodology.imported');
      return refuseIfProblems({ ...answer, problems: locateProblems(answer.problems, read.locations) });
    },

    /** A draft of the caller's region copied from any version it sees, under a new id. */
    async fork(principal: StaffPrincipal, actor: AuditActor, sourceId: string, requestedRegion: number | undefined) {
      const regionId = regionForWrite(principal, requestedRegion);
      const source = await visible(principal, sourceId);
      if (principal.role === 'admin' && source.regionId !== null && source.regionId !== regionId && source.state === 'draft')
        throw badRequest('Черновик другого региона нельзя взять за основу.');
      const stem = `${sourceId.replace(/-r\d+-\d+$/, '')}-r${regionId}`.slice(0, MAX_ID_LENGTH - 6);
      return db.transaction(async (tx) => {
        for (let n = 1; n < 1000; n++) {
          const id = `${stem}-${n}`;
          if (await repo.idTaken(tx, id)) continue;
          const row = await repo.insertDraft(tx, {
            id,
            regionId,
            document: { ...structuredClone(source.document), id },
            forkedFrom: sourceId,
            createdBy: principal.userId,
          });
          if (!row) continue;
          const answer = result(row);
          await recordAudit(tx, actor, {
            action: 'methodology.forked',
            entityType: 'methodology',
            entityId: id,
            regionId,
            after: { id, forkedFrom: sourceId },
          });
          return answer;
        }
        throw conflict('Слишком много черновиков на основе этой версии.');
      });
    },

    /** Draft → published, only without problems; from then on the version never changes. */
    async publish(principal: StaffPrincipal, actor: AuditActor, id: string) {
      return db.transaction(async (tx) => {
        const row = await ownVersion(tx, principal, id);
        if (row.state !== 'draft') throw conflict('Опубликовать можно только черновик.');
        const { problems } = checkMethodologyDocument(row.document);
        if (problems.length > 0)
          throw unprocessable(
            `Черновик нельзя опубликовать: ${problems.length} ${problems.length === 1 ? 'ошибка' : 'ошибок и замечаний'}.`,
            { problems },
          );
        const after = (await repo.setState(tx, id, 'draft', 'published'))!;
        await recordAudit(tx, actor, { action: 'methodology.published', entityType: 'methodology', entityId: id, regionId: row.regionId });
        return result(after);
      });
    },

    /** Published → retired: no longer offered to new campaigns; campaigns that froze it keep it. */
    async retire(principal: StaffPrincipal, actor: AuditActor, id: string) {
      return db.transaction(async (tx) => {
        const row = await ownVersion(tx, principal, id);
        if (row.state !== 'published') throw conflict('Вывести из употребления можно только опубликованную версию.');
        const after = (await repo.setState(tx, id, 'published', 'retired'))!;
        await recordAudit(tx, actor, { action: 'methodology.retired', entityType: 'methodology', entityId: id, regionId: row.regionId });
        return result(after);
      });
    },

    /**
     * A version to re-score a past campaign of `regionId` under (what-if): one the caller sees, the installation's
     * or that region's (a draft too, for those who see drafts); another region's is unknown. A draft with problems
     * cannot be scored.
     */
    async forComparison(principal: StaffPrincipal, id: string, regionId: number): Promise<Methodology> {
      const row = await visible(principal, id);
      if (row.regionId !== null && row.regionId !== regionId) throw notFoundVersion();
      const { methodology, problems } = checked(row);
      if (!methodology)
        throw conflict(
          `В черновике «${id}» ${problems.length} ${plural(problems.length, 'ошибка', 'ошибки', 'ошибок')}: исправьте их, чтобы пересчитать по нему кампанию.`,
        );
      return methodology;
    },

    /**
     * The version a campaign of `regionId` may be created with or launched under: the installation's, or the
     * region's own, published. Another region's versions and every draft are unknown here.
     */
    async usable(executor: Executor, id: string, regionId: number): Promise<Methodology> {
      // The installation's versions are the shipped files, the same on every instance whether or not synced yet.
      const shipped = findMethodology(id);
      if (shipped) return shipped;
      const row = await repo.findVersion(executor, id, { regionId, withDrafts: false });
      if (!row || row.state !== 'published') throw badRequest(`Методика «${id}» не найдена среди опубликованных версий региона.`);
      const { methodology } = checked(row);
      if (!methodology) throw conflict(`В версии методики «${id}» есть ошибки.`);
      return methodology;
    },
  };
}

export type MethodologyService = ReturnType<typeof createMethodologyService>;
