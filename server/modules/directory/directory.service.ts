import type { Database } from '../../../db/client';
import type { MunicipalityKind, OrganisationKind, SchoolLocality } from '../../../db/schema/values';
import { conflict, notFound } from '../../errors';
import { isForeignKeyViolation, isUniqueViolation } from '../../lib/pg-errors';
import { readScope, regionForWrite, withRequestedRegion } from '../../lib/scope';
import { recordAudit } from '../audit/audit.repo';
import * as repo from './directory.repo';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';

const duplicateMunicipality = () => conflict('Муниципалитет с таким кодом в регионе уже есть.');
const duplicateSchool = () => conflict('Организация с таким кодом в регионе уже есть.');

/** Why an organisation's kind cannot change while these campaigns, not yet published, hold its questionnaires. */
export function kindChangeRefusal(campaignTitles: string[]): string {
  const titles = campaignTitles.map((title) => `«${title}»`).join(', ');
  return campaignTitles.length === 1
    ? `Тип организации нельзя изменить: она участвует в кампании ${titles}. Изменить тип можно после публикации результатов кампании.`
    : `Тип организации нельзя изменить: она участвует в кампаниях ${titles}. Изменить тип можно после публикации результатов этих кампаний.`;
}

/** Turns a unique-constraint failure of a racing write into the same 409 the pre-check gives. */
async function mapUnique<T>(work: () => Promise<T>, onDuplicate: () => Error): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw onDuplicate();
    if (isForeignKeyViolation(error)) throw notFound('Регион не найден.');
    throw error;
  }
}

export function createDirectoryService({ db }: { db: Database }) {
  async function municipalityInScope(principal: StaffPrincipal, id: number) {
    const municipality = await repo.findMunicipality(db, id, readScope(principal));
    if (!municipality) throw notFound('Муниципалитет не найден.');
    return municipality;
  }

  async function schoolInScope(principal: StaffPrincipal, id: number) {
    const school = await repo.findSchool(db, id, readScope(principal));
    if (!school) throw notFound('Организация не найдена.');
    return school;
  }

  return {
    listMunicipalities(
      principal: StaffPrincipal,
      query: { regionId?: number; search?: string; kind?: MunicipalityKind; page: number; pageSize: number },
    ) {
      const scope = withRequestedRegion(readScope(principal), query.regionId);
      return repo.listMunicipalities(db, { scope, search: query.search, kind: query.kind }, query.page, query.pageSize);
    },

    getMunicipality: municipalityInScope,

    async createMunicipality(
      principal: StaffPrincipal,
      actor: AuditActor,
      body: { regionId?: number; code: string; name: string; kind: MunicipalityKind },
    ) {
      const regionId = regionForWrite(principal, body.regionId);
      return mapUnique(
        () =>
          db.transaction(async (tx) => {
            const id = await repo.insertMunicipality(tx, { regionId, code: body.code, name: body.name, kind: body.kind });
            if (id === null) throw duplicateMunicipality();
            const created = (await repo.findMunicipality(tx, id, {}))!;
            await recordAudit(tx, actor, {
              action: 'municipality.created',
              entityType: 'municipality',
              entityId: id,
              regionId,
              municipalityId: id,
              after: created,
            });
            return created;
          }),
        duplicateMunicipality,
      );
    },

    async updateMunicipality(
      principal: StaffPrincipal,
      actor: AuditActor,
      id: number,
      changes: { code?: string; name?: string; kind?: MunicipalityKind },
    ) {
      const before = await municipalityInScope(principal, id);
      return mapUnique(
        () =>
          db.transaction(async (tx) => {
            await repo.updateMunicipality(tx, id, changes);
            const after = (await repo.findMunicipality(tx, id, {}))!;
            await recordAudit(tx, actor, {
              action: 'municipality.updated',
              entityType: 'municipality',
              entityId: id,
              regionId: before.regionId,
              municipalityId: id,
              before,
              after,
            });
            return after;
          }),
        duplicateMunicipality,
      );
    },

    listSchools(
      principal: StaffPrincipal,
      query: {
        regionId?: number;
        municipalityId?: number;
        locality?: SchoolLocality;
        kind?: OrganisationKind;
        search?: string;
        page: number;
        pageSize: number;
      },
    ) {
      const scope = withRequestedRegion(readScope(principal), query.regionId);
      return repo.listSchools(
        db,
        { scope, search: query.search, municipalityId: query.municipalityId, locality: query.locality, kind: query.kind },
        query.page,
        query.pageSize,
      );
    },

    getSchool: schoolInScope,

    async createSchool(principal: StaffPrincipal, actor: AuditActor, body: repo.SchoolValues) {
      const municipality = await municipalityInScope(principal, body.municipalityId);
      return mapUnique(
        () =>
          db.transaction(async (tx) => {
            const id = await repo.insertSchool(tx, municipality.regionId, { ...body, address: body.address ?? null });
            if (id === null) throw duplicateSchool();
            const created = (await repo.findSchool(tx, id, {}))!;
            await recordAudit(tx, actor, {
              action: 'school.created',
              entityType: 'school',
              entityId: id,
              regionId: municipality.regionId,
              municipalityId: municipality.id,
              after: created,
            });
            return created;
          }),
        duplicateSchool,
      );
    },

    async updateSchool(principal: StaffPrincipal, actor: AuditActor, id: number, changes: Partial<repo.SchoolValues>) {
      const before = await schoolInScope(principal, id);
      // Moving a school is allowed only to a municipality the caller also manages.
      if (changes.municipalityId !== undefined) await municipalityInScope(principal, changes.municipalityId);
      return mapUnique(
        () =>
          db.transaction(async (tx) => {
            if (changes.kind !== undefined && changes.kind !== before.kind) {
              await repo.lockOrganisationKinds(tx, before.regionId);
              const campaigns = await repo.unpublishedCampaignsOf(tx, [id]);
              if (campaigns.length) throw conflict(kindChangeRefusal(campaigns.map((campaign) => campaign.title)));
            }
            await repo.updateSchool(tx, id, changes);
            const after = (await repo.findSchool(tx, id, {}))!;
            await recordAudit(tx, actor, {
              action: 'school.updated',
              entityType: 'school',
              entityId: id,
              regionId: before.regionId,
              municipalityId: after.municipality.id,
              before,
              after,
            });
            return after;
          }),
        duplicateSchool,
      );
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
