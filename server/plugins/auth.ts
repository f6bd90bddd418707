import cookie from '@fastify/cookie';
import jwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { RESPONDENT_ROLES, STAFF_ROLES, type RespondentRole, type StaffRole } from '../../db/schema/values';
import { forbidden, respondentSessionEnded, unauthorized } from '../errors';
import { findActiveSession } from '../modules/auth/auth.repo';
import { respondentSessionIsLive } from '../modules/respondent/respondent-sessions.repo';
import { generateSecret, getOrCreateSetting } from '../lib/settings';
import { createVerifiedTokens } from './verified-tokens';
import type { AuditActor, Principal, RespondentPrincipal, StaffPrincipal } from '../lib/principal';

const staffRoles = STAFF_ROLES;

/** Who may call a route. Every /api route must declare one (enforced at registration). */
export type AccessPolicy =
  | { kind: 'public' }
  | { kind: 'staff'; roles: readonly StaffRole[]; whilePasswordChangeRequired?: boolean }
  /**
   * A school respondent signed in with an access code; the code's validity is checked in each query. The session is
   * looked up before the handler, except where the route's own write statement checks it (`sessionCheckedBySave`:
   * autosave and submit stay one statement, and explain a refusal themselves). `lastRequest`: the token's last
   * request (a submission), so its verification is not kept for later ones (verified-tokens).
   */
  | { kind: 'respondent'; sessionCheckedBySave?: true; lastRequest?: true };

export const allow = {
  public: { kind: 'public' } as const,
  staff: (...roles: StaffRole[]): AccessPolicy => ({ kind: 'staff', roles }),
  anyStaff: { kind: 'staff', roles: staffRoles } as const,
  /** For the few routes a user with a temporary password still needs (me, change password, logout). */
  anyStaffWithTemporaryPassword: { kind: 'staff', roles: staffRoles, whilePasswordChangeRequired: true } as const,
  respondent: { kind: 'respondent' } as const,
  /** Only for routes whose write statement itself requires the session live (respondent.repo respondentMayWrite). */
  respondentSave: { kind: 'respondent', sessionCheckedBySave: true } as const,
  /** respondentSave for the submission, after which the questionnaire takes no more writes. */
  respondentSubmit: { kind: 'respondent', sessionCheckedBySave: true, lastRequest: true } as const,
} satisfies Record<string, AccessPolicy | ((...roles: StaffRole[]) => AccessPolicy)>;

/** A respondent's token names its questionnaire, the code that opened it, and (to spare a query per save) its campaign and role. */
type TokenPayload =
  { typ: 'staff'; sid: string } | { typ: 'respondent'; sid: string; rid: number; acid: number; cid: number; role: RespondentRole };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessPolicy;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenPayload;
    user: TokenPayload;
  }
}

export const SESSION_COOKIE = 'muko_session';
/** How many verified tokens one instance remembers (least recently used out): a region's respondents at once. */
const VERIFIED_TOKENS_KEPT = 10_000;
/** Separate from the staff cookie: a coordinator testing a questionnaire on the same computer keeps both. */
export const RESPONDENT_COOKIE = 'muko_respondent';

/** Routes outside /api (the client's files) and the API documentation are public by nature. */
function isPublicByNature(url: string): boolean {
  return !url.startsWith('/api/') || url === '/api/docs' || url.startsWith('/api/docs/');
}

function readToken(request: FastifyRequest, cookie: string): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return request.cookies[cookie];
}

export interface AuthOptions {
  jwtSecret?: string;
  sessionTtlHours: number;
  cookieSecure: 'auto' | boolean;
}

export default fp(async function authPlugin(app: FastifyInstance, opts: AuthOptions) {
  const secret = opts.jwtSecret ?? (await getOrCreateSetting(app.db, 'jwt_secret', generateSecret));
  await app.register(cookie);
  await app.register(jwt, {
    secret,
    sign: { algorithm: 'HS256' },
    verify: { algorithms: ['HS256'] },
  });
  // Every autosave carries the same token: its signature is checked once per instance (verified-tokens).
  const verifiedTokens = createVerifiedTokens((token) => app.jwt.verify<TokenPayload & { exp?: number }>(token), VERIFIED_TOKENS_KEPT);

  app.decorateRequest('principal', null);

  const accessTable: RouteAccess[] = [];
  app.decorate('accessTable', accessTable);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    const access = route.config?.access;
    if (!access && !isPublicByNature(url)) {
      throw new Error(`Route ${String(route.method)} ${url} declares no access policy (config.access)`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' && access) accessTable.push({ method, url, access });
    }
  });

  /**
   * The respondent a verified token names, once its session is found live: one lookup by primary key. Tokens from
   * before sessions were kept carry no `sid` and are refused like an ended session, so the code is typed once more.
   */
  async function liveRespondent(payload: TokenPayload, lookUpSession = true): Promise<RespondentPrincipal> {
    if (
      payload.typ !== 'respondent' ||
      !Number.isInteger(payload.rid) ||
      !Number.isInteger(payload.acid) ||
      !Number.isInteger(payload.cid) ||
      !RESPONDENT_ROLES.includes(payload.role)
    ) {
      throw unauthorized('Введите код доступа к анкете.');
    }
    if (typeof payload.sid !== 'string') throw respondentSessionEnded();
    if (lookUpSession && !(await respondentSessionIsLive(app.db, payload.sid, payload.acid))) throw respondentSessionEnded();
    return {
      kind: 'respondent',
      sessionId: payload.sid,
      responseId: payload.rid,
      accessCodeId: payload.acid,
      campaignId: payload.cid,
      respondentRole: payload.role,
    };
  }

  // Leaving and following a personal link happen on public routes: they ask who the browser is without insisting.
  app.decorate('respondentSessionOf', async function respondentSessionOf(request: FastifyRequest) {
    const token = readToken(request, RESPONDENT_COOKIE);
    if (!token) return null;
    try {
      return await liveRespondent(verifiedTokens.verify(token));
    } catch {
      return null;
    }
  });

  // Authentication runs before the body is read, so anonymous uploads are refused without being parsed.
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access.kind === 'public') return;
    const token = readToken(request, access.kind === 'respondent' ? RESPONDENT_COOKIE : SESSION_COOKIE);
    if (!token) throw unauthorized(access.kind === 'respondent' ? 'Введите код доступа к анкете.' : undefined);
    let payload: TokenPayload;
    try {
      payload = verifiedTokens.verify(token, !(access.kind === 'respondent' && access.lastRequest));
    } catch {
      throw unauthorized(
        access.kind === 'respondent' ? respondentSessionEnded().message : 'Сеанс истёк или недействителен. Войдите снова.',
      );
    }
    if (access.kind === 'respondent') {
      request.principal = await liveRespondent(payload, !access.sessionCheckedBySave);
      return;
    }
    if (payload.typ !== 'staff' || typeof payload.sid !== 'string') throw unauthorized();
    const session = await findActiveSession(app.db, payload.sid);
    if (!session) throw unauthorized('Сеанс завершён. Войдите снова.');
    if (!access.roles.includes(session.role)) throw forbidden();
    if (session.passwordChangeRequired && !access.whilePasswordChangeRequired) {
      throw forbidden('Смените временный пароль, чтобы продолжить работу.');
    }
    request.principal = { kind: 'staff', ...session };
  });

  app.decorate(
    'issueSessionCookie',
    function issueSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, cookie = SESSION_COOKIE) {
      const secure = opts.cookieSecure === 'auto' ? reply.request.protocol === 'https' : opts.cookieSecure;
      reply.setCookie(cookie, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure,
        path: '/',
        expires: expiresAt,
      });
    },
  );
  app.decorate('clearSessionCookie', function clearSessionCookie(reply: FastifyReply, cookie = SESSION_COOKIE) {
    reply.clearCookie(cookie, { path: '/' });
  });
});

/** A registered API route and who may call it; the authorization tests walk this table. */
export interface RouteAccess {
  method: string;
  url: string;
  access: AccessPolicy;
}

declare module 'fastify' {
  interface FastifyInstance {
    accessTable: readonly RouteAccess[];
    issueSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, cookie?: string): void;
    clearSessionCookie(reply: FastifyReply, cookie?: string): void;
    /** The live respondent session this request's cookie or token names, if any (for public respondent routes). */
    respondentSessionOf(request: FastifyRequest): Promise<RespondentPrincipal | null>;
  }
}

/** The respondent of a request; routes with the respondent policy always have one. */
export function respondentOf(request: FastifyRequest): RespondentPrincipal {
  const principal = request.principal;
  if (!principal || principal.kind !== 'respondent') throw unauthorized('Введите код доступа к анкете.');
  return principal;
}

/** The authenticated staff member of a request; routes with a staff policy always have one. */
export function staffOf(request: FastifyRequest): StaffPrincipal {
  const principal = request.principal;
  if (!principal || principal.kind !== 'staff') throw unauthorized();
  return principal;
}

/** The audit actor of a request made by a signed-in staff member. */
export function actorOf(request: FastifyRequest): AuditActor {
  const principal = staffOf(request);
  return { userId: principal.userId, label: principal.email, ip: request.ip };
}
