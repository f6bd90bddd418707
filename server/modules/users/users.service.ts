import type { Database } from '../../../db/client';
import type { StaffRole } from '../../../db/schema/values';
import { badRequest, conflict, forbidden, notFound } from '../../errors';
import { readScope, regionForWrite } from '../../lib/scope';
import { recordAudit } from '../audit/audit.repo';
import { revokeUserSessions } from '../auth/auth.repo';
import { generateTemporaryPassword, hashPassword } from '../auth/password';
import { assertAcceptablePassword } from '../auth/password-policy';
import * as repo from './users.repo';
import type { CreateUserBody, User } from './users.schemas';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';

/** Administrators manage everyone; a regional coordinator hands out access to its own municipalities and experts. */
function manageableRoles(principal: StaffPrincipal): readonly StaffRole[] {
  if (principal.role === 'admin') return ['admin', 'regional_coordinator', 'municipal_coordinator', 'expert'];
  if (principal.role === 'regional_coordinator') return ['municipal_coordinator', 'expert'];
  return [];
}

/** The administrator's own choice, if it passes the password rule, or a generated one. */
function chosenOrGenerated(chosen: string | undefined, email: string): string {
  if (chosen === undefined) return generateTemporaryPassword();
  assertAcceptablePassword(chosen, email, 'temporaryPassword');
  return chosen;
}

const auditScope = (user: User) => ({ regionId: user.region?.id ?? null, municipalityId: user.municipality?.id ?? null });

export function createUsersService({ db }: { db: Database }) {
  async function territoryOf(principal: StaffPrincipal, body: CreateUserBody) {
    if (body.role === 'admin') return { regionId: null, municipalityId: null };
    if (body.role !== 'municipal_coordinator') {
      const regionId = regionForWrite(principal, body.regionId);
      if (!(await repo.regionExists(db, regionId))) throw notFound('Регион не найден.');
      return { regionId, municipalityId: null };
    }
    if (!body.municipalityId) throw badRequest('Для муниципального координатора укажите муниципалитет.');
    const regionId = await repo.findMunicipalityRegion(db, body.municipalityId);
    const allowedRegion = principal.role === 'admin' ? (body.regionId ?? regionId) : principal.regionId;
    if (regionId === null || regionId !== allowedRegion) throw notFound('Муниципалитет не найден.');
    return { regionId, municipalityId: body.municipalityId };
  }

  async function findManageable(principal: StaffPrincipal, id: number) {
    const user = await repo.findUser(db, id, readScope(principal));
    if (!user) throw notFound('Пользователь не найден.');
    if (!manageableRoles(principal).includes(user.role)) throw forbidden('Этим пользователем управляет администратор.');
    return user;
  }

  return {
    list(
      principal: StaffPrincipal,
      query: { search?: string; role?: StaffRole; municipalityId?: number; regionId?: number; page: number; pageSize: number },
    ) {
      const scope = readScope(principal);
      if (query.regionId !== undefined && scope.regionId !== undefined && scope.regionId !== query.regionId) {
        return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      }
      return repo.listUsers(
        db,
        {
          scope: { ...scope, regionId: scope.regionId ?? query.regionId },
          search: query.search,
          role: query.role,
          municipalityId: query.municipalityId,
        },
        query.page,
        query.pageSize,
      );
    },

    async create(principal: StaffPrincipal, actor: AuditActor, body: CreateUserBody) {
      if (!manageableRoles(principal).includes(body.role)) throw forbidden('Недостаточно прав, чтобы создать пользователя с этой ролью.');
      const territory = await territoryOf(principal, body);
      const temporaryPassword = chosenOrGenerated(body.temporaryPassword, body.email);
      const passwordHash = await hashPassword(temporaryPassword);
      const user = await db.transaction(async (tx) => {
        const id = await repo.insertUser(tx, {
          email: body.email,
          fullName: body.fullName,
          role: body.role,
          ...territory,
          passwordHash,
          passwordChangeRequired: true,
        });
        if (id === null) throw conflict('Пользователь с таким адресом электронной почты уже есть.');
        const created = (await repo.findUser(tx, id, {}))!;
        await recordAudit(tx, actor, { action: 'user.created', entityType: 'user', entityId: id, ...auditScope(created), after: created });
        return created;
      });
      return { user, temporaryPassword };
    },

    async update(
      principal: StaffPrincipal,
      actor: AuditActor,
      id: number,
      changes: { fullName?: string; disabled?: boolean; resetPassword?: true; temporaryPassword?: string },
    ) {
      const before = await findManageable(principal, id);
      if (changes.disabled && id === principal.userId) throw badRequest('Нельзя отключить собственную учётную запись.');
      const temporaryPassword = changes.resetPassword ? chosenOrGenerated(changes.temporaryPassword, before.email) : undefined;
      const passwordHash = temporaryPassword ? await hashPassword(temporaryPassword) : undefined;
      const user = await db.transaction(async (tx) => {
        await repo.updateUser(tx, id, {
          ...(changes.fullName !== undefined ? { fullName: changes.fullName } : {}),
          ...(changes.disabled !== undefined ? { disabledAt: changes.disabled ? (before.disabled ? undefined : new Date()) : null } : {}),
          ...(passwordHash ? { passwordHash, passwordChangeRequired: true } : {}),
        });
        // Disabling or resetting takes effect at once on every device.
        if (changes.disabled || passwordHash) await revokeUserSessions(tx, id);
        const after = (await repo.findUser(tx, id, {}))!;
        const action = passwordHash
          ? 'user.password_reset'
          : changes.disabled === true
            ? 'user.disabled'
            : changes.disabled === false
              ? 'user.enabled'
              : 'user.updated';
        await recordAudit(tx, actor, { action, entityType: 'user', entityId: id, ...auditScope(after), before, after });
        return after;
      });
      return { user, temporaryPassword };
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
