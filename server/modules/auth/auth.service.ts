import { randomUUID } from 'node:crypto';
import type { Database } from '../../../db/client';
import { AppError, badRequest, tooManyRequests, unauthorized } from '../../errors';
import { consume, peek, reset, russianWait, type RateLimitRule } from '../../lib/rate-limiter';
import { recordAudit } from '../audit/audit.repo';
import * as repo from './auth.repo';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import type { Me } from './auth.schemas';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';

// An office or a school network shares one address, so the per-IP allowance is generous;
// the per-account one is what stops guessing a particular password.
const LOGIN_PER_IP: RateLimitRule = { limit: 60, windowSeconds: 15 * 60 };
const FAILED_LOGINS_PER_ACCOUNT: RateLimitRule = { limit: 8, windowSeconds: 15 * 60 };

export interface AuthServiceDeps {
  db: Database;
  sessionTtlHours: number;
  signToken: (payload: { typ: 'staff'; sid: string }, expiresInSeconds: number) => string;
}

export interface LoginContext {
  ip: string;
  userAgent: string | null;
}

export function createAuthService({ db, sessionTtlHours, signToken }: AuthServiceDeps) {
  async function profile(userId: number): Promise<Me> {
    const me = await repo.findProfile(db, userId);
    if (!me) throw unauthorized();
    return me;
  }

  return {
    profile,

    async login(email: string, password: string, context: LoginContext) {
      const ipState = await consume(db, `login:ip:${context.ip}`, LOGIN_PER_IP);
      if (!ipState.allowed) {
        throw tooManyRequests(
          `Слишком много попыток входа с этого адреса. Повторите через ${russianWait(ipState.retryAfterSeconds)}.`,
          ipState.retryAfterSeconds,
        );
      }
      const accountKey = `login:account:${email}`;
      const accountState = await peek(db, accountKey, FAILED_LOGINS_PER_ACCOUNT);
      if (accountState.hits >= FAILED_LOGINS_PER_ACCOUNT.limit) {
        throw tooManyRequests(
          `Слишком много неудачных попыток входа в эту учётную запись. Повторите через ${russianWait(accountState.retryAfterSeconds)}.`,
          accountState.retryAfterSeconds,
        );
      }

      const user = await repo.findUserForLogin(db, email);
      const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
      if (!user || !passwordMatches) {
        await consume(db, accountKey, FAILED_LOGINS_PER_ACCOUNT);
        throw new AppError(401, 'invalid_credentials', 'Неверный адрес электронной почты или пароль.');
      }
      if (user.disabledAt) {
        throw new AppError(403, 'account_disabled', 'Учётная запись отключена. Обратитесь к администратору.');
      }
      await reset(db, accountKey);

      const sessionId = randomUUID();
      const ttlSeconds = Math.round(sessionTtlHours * 3600);
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      await repo.insertSession(db, {
        id: sessionId,
        userId: user.id,
        expiresAt,
        ip: context.ip,
        userAgent: context.userAgent?.slice(0, 400) ?? null,
      });
      const token = signToken({ typ: 'staff', sid: sessionId }, ttlSeconds);
      return { token, expiresAt, user: await profile(user.id) };
    },

    async logout(principal: StaffPrincipal) {
      await repo.revokeSession(db, principal.sessionId);
    },

    async changePassword(principal: StaffPrincipal, actor: AuditActor, currentPassword: string, newPassword: string) {
      const hash = await repo.findPasswordHash(db, principal.userId);
      if (!hash || !(await verifyPassword(currentPassword, hash))) {
        throw new AppError(400, 'wrong_password', 'Текущий пароль введён неверно.', [
          { location: 'body', path: 'currentPassword', message: 'Неверный пароль' },
        ]);
      }
      if (currentPassword === newPassword) throw badRequest('Новый пароль должен отличаться от текущего.');
      if (newPassword.toLowerCase() === principal.email) throw badRequest('Пароль не должен совпадать с адресом почты.');
      const newHash = await hashPassword(newPassword);
      await db.transaction(async (tx) => {
        await repo.setPassword(tx, principal.userId, newHash, false);
        // Other devices signed in with the old password lose access.
        await repo.revokeUserSessions(tx, principal.userId, principal.sessionId);
        await recordAudit(tx, actor, {
          action: 'user.password_changed',
          entityType: 'user',
          entityId: principal.userId,
          regionId: principal.regionId,
          municipalityId: principal.municipalityId,
        });
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
