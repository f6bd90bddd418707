import { randomUUID } from 'node:crypto';
import type { Database } from '../../../db/client';
import { AppError, badRequest, tooManyRequests, unauthorized } from '../../errors';
import { consume, peek, refund, reset, russianWait, type RateLimitRule } from '../../lib/rate-limiter';
import { recordAudit } from '../audit/audit.repo';
import * as repo from './auth.repo';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import { assertAcceptablePassword } from './password-policy';
import type { Me } from './auth.schemas';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';

// Only failures count: a district office or a school network signs many people in from one address.
const FAILED_LOGINS_PER_IP: RateLimitRule = { limit: 60, windowSeconds: 15 * 60 };
// Guessing one account's password from one address.
const FAILED_LOGINS_PER_PAIR: RateLimitRule = { limit: 5, windowSeconds: 15 * 60 };
// Every failure on an account from anywhere; only ever a delay, never a lock (see accountDelaySeconds).
const FAILED_LOGINS_PER_ACCOUNT: RateLimitRule = { limit: Number.MAX_SAFE_INTEGER, windowSeconds: 60 * 60 };

/**
 * How long an address that has already failed on an account waits after the account's last failure: nothing for the
 * first few failures, then doubling up to 15 minutes. An address with no failures on the account is never made to
 * wait, so anyone else's guessing cannot keep the owner out.
 */
export function accountDelaySeconds(accountFailures: number): number {
  return accountFailures < 5 ? 0 : Math.min(2 ** (accountFailures - 5), 15 * 60);
}

const invalidCredentials = (remaining: number, retryAfterSeconds: number) =>
  new AppError(
    401,
    'invalid_credentials',
    remaining > 0
      ? `Неверный адрес электронной почты или пароль. Осталось попыток: ${remaining}.`
      : `Неверный адрес электронной почты или пароль. Попытки входа с этого адреса исчерпаны: повторите через ${russianWait(retryAfterSeconds)}.`,
    { remainingAttempts: remaining },
  );

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
      const ipKey = `login:ip:${context.ip}`;
      const pairKey = `login:pair:${email}:${context.ip}`;
      const accountKey = `login:account:${email}`;
      // Counted before the check, given back unless the password turns out wrong.
      const ipState = await consume(db, ipKey, FAILED_LOGINS_PER_IP);
      if (!ipState.allowed) {
        throw tooManyRequests(
          `Слишком много неудачных попыток входа с этого адреса. Повторите через ${russianWait(ipState.retryAfterSeconds)}.`,
          ipState.retryAfterSeconds,
        );
      }
      const [pair, account] = await Promise.all([
        peek(db, pairKey, FAILED_LOGINS_PER_PAIR),
        peek(db, accountKey, FAILED_LOGINS_PER_ACCOUNT),
      ]);
      if (pair.remaining === 0) {
        await refund(db, ipKey);
        throw tooManyRequests(
          `Слишком много неудачных попыток входа в эту учётную запись с этого адреса. Повторите через ${russianWait(pair.retryAfterSeconds)}.`,
          pair.retryAfterSeconds,
        );
      }
      const waitUntil = (account.lastHitAt?.getTime() ?? 0) + accountDelaySeconds(account.hits) * 1000;
      if (pair.hits > 0 && waitUntil > Date.now()) {
        await refund(db, ipKey);
        const seconds = Math.ceil((waitUntil - Date.now()) / 1000);
        throw tooManyRequests(`Было много неудачных попыток входа в эту учётную запись. Повторите через ${russianWait(seconds)}.`, seconds);
      }

      const user = await repo.findUserForLogin(db, email);
      const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
      if (!user || !passwordMatches) {
        const [failed] = await Promise.all([
          consume(db, pairKey, FAILED_LOGINS_PER_PAIR),
          consume(db, accountKey, FAILED_LOGINS_PER_ACCOUNT),
        ]);
        throw invalidCredentials(failed.remaining, failed.retryAfterSeconds);
      }
      await Promise.all([refund(db, ipKey), reset(db, pairKey)]);
      if (user.disabledAt) {
        throw new AppError(403, 'account_disabled', 'Учётная запись отключена. Обратитесь к администратору.');
      }

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
      assertAcceptablePassword(newPassword, principal.email, 'newPassword');
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
