import { randomUUID } from 'node:crypto';
import type { Database } from '../../../db/client';
import { responses } from '../../../db/schema';
import type { RespondentRole } from '../../../db/schema/values';
import { AppError, forbidden, notFound, respondentSessionEnded, tooManyRequests } from '../../errors';
import { formatRussianDateTime } from '../../lib/dates';
import { consume, refund, russianWait, type RateLimitRule } from '../../lib/rate-limiter';
import { hashAccessCode, normalizeAccessCode } from '../access/access-code';
import { campaignPhase } from '../campaigns/campaigns.schemas';
import type { DefinitionCache } from '../campaigns/definition-cache';
import { explainRefusedSave, prepareFormSave, readForm, receiptOf, toFormState } from '../forms/form-store';
import { acceptanceRefusal, refuseUncheckedAnswers, type FormWording } from '../forms/form-write';
import type { SaveBody, SaveResult, Submission } from '../forms/forms.schemas';
import { campaignScoring, storedQuestionnaireInput } from '../scoring/campaign-scoring';
import * as repo from './respondent.repo';
import * as sessions from './respondent-sessions.repo';
import type { RespondentContext, RespondentEntry } from './respondent.schemas';
import type { RespondentPrincipal } from '../../lib/principal';

/** Refusals speak to a school's respondent about their questionnaire. */
const QUESTIONNAIRE_WORDING: FormWording = {
  incomplete: 'Анкета заполнена не полностью или с ошибками. Исправьте отмеченные ответы и отправьте снова.',
  opens: 'Анкетирование начнётся',
  closed: 'Приём анкет завершён',
  closedAfter: ' Изменить ответы уже нельзя.',
};

// A school shares one address for its three respondents and often the whole village, so only failures count; guessing
// a 60-bit code is hopeless anyway, and the per-code limit is strict.
const FAILED_CODES_PER_IP: RateLimitRule = { limit: 30, windowSeconds: 15 * 60 };
const FAILURES_PER_CODE: RateLimitRule = { limit: 10, windowSeconds: 15 * 60 };
/** «Осталось попыток» is said once few are left: a school's address shares its allowance. */
const WARN_BELOW = 5;

/** A respondent stays signed in on their device for a week; entering the code again always works too. */
export const RESPONDENT_SESSION_SECONDS = 7 * 24 * 3600;

/** How a code arrived, and the live session the browser already holds (a personal link may only continue that one). */
export interface EntryRoute {
  viaLink: boolean;
  current: RespondentPrincipal | null;
}

const linkUsed = () =>
  new AppError(401, 'link_used', 'Эта личная ссылка уже открывалась. Чтобы продолжить, введите код доступа с бланка — ответы сохранены.');

const codeNotFound = (remaining = Number.MAX_SAFE_INTEGER) =>
  new AppError(
    404,
    'code_not_found',
    'Код не найден. Проверьте, что он введён без ошибок (буквы латинские, цифры 2–9); если код утерян, обратитесь к муниципальному координатору.' +
      (remaining <= WARN_BELOW ? ` Осталось попыток: ${remaining}.` : ''),
  );

export interface RespondentServiceDeps {
  db: Database;
  codePepper: string;
  definitions: DefinitionCache;
}

export function createRespondentService({ db, codePepper, definitions }: RespondentServiceDeps) {
  const saves = {
    draft: prepareFormSave(db, responses, repo.respondentMayWrite(), { submit: false, recordsEditor: false, name: 'respondent_save' }),
    submit: prepareFormSave(db, responses, repo.respondentMayWrite(), { submit: true, recordsEditor: false, name: 'respondent_submit' }),
  };

  async function campaignDefinition(campaignId: number, role: RespondentRole) {
    const campaign = await definitions.get(campaignId);
    const questionnaire = campaign?.questionnaires[role];
    if (!campaign || !questionnaire) throw notFound('Анкета для этой роли не найдена.');
    return { campaign, questionnaire };
  }

  async function currentForm(principal: RespondentPrincipal) {
    const form = await repo.findRespondentForm(db, principal.responseId, principal.accessCodeId);
    // The only way a signed-in respondent loses their form is a reissue; what they typed stays on their computer.
    if (!form) throw new AppError(401, 'code_replaced', 'Код заменён новым — ответы сохранены, войдите с новым кодом.');
    return form;
  }

  async function context(principal: RespondentPrincipal): Promise<RespondentContext> {
    const form = await currentForm(principal);
    const phase = campaignPhase(form.campaignState, form.opensAt, form.closesAt);
    return {
      responseId: form.id,
      campaign: {
        id: form.campaignId,
        title: form.campaignTitle,
        opensAt: form.opensAt.toISOString(),
        closesAt: form.closesAt.toISOString(),
        timeZone: form.timeZone,
        phase,
      },
      school: { shortName: form.schoolName, municipalityName: form.municipalityName },
      respondentRole: form.respondentRole,
      editable: phase === 'open' && form.status !== 'submitted',
      form: toFormState(form, 'R'),
    };
  }

  /**
   * One statement on the happy path: the token names the campaign and role, the definition is cached, and the
   * save itself checks that the session and its code are live and the campaign open. Only a refused save costs more
   * queries. The answers are serialized once, for the size check, the statement and the receipt.
   */
  async function write(
    principal: RespondentPrincipal,
    body: SaveBody,
    submit: boolean,
  ): Promise<{ saved: SaveResult; applied: boolean; answersJson: string }> {
    const definition = await campaignDefinition(principal.campaignId, principal.respondentRole);
    const answersJson = JSON.stringify(body.answers);
    refuseUncheckedAnswers(definition.questionnaire, body.answers, submit, QUESTIONNAIRE_WORDING, answersJson);
    const saved = submit
      ? await saves.submit({
          id: principal.responseId,
          body,
          guard: principal.sessionId,
          scoringInput: storedQuestionnaireInput(campaignScoring(definition.campaign), body.answers),
          answersJson,
        })
      : await saves.draft({ id: principal.responseId, body, guard: principal.sessionId, answersJson });
    if (saved) return { saved, applied: true, answersJson };
    // The session was not looked up before this write (allow.respondentSave): an ended one is the first reason.
    if (!(await sessions.respondentSessionIsLive(db, principal.sessionId, principal.accessCodeId))) throw respondentSessionEnded();
    // Nothing written: find out why, in the order a person needs to hear it.
    const latest = await currentForm(principal);
    const stored = (await readForm(db, responses, principal.responseId))!;
    const refusal = acceptanceRefusal(latest, QUESTIONNAIRE_WORDING);
    if (stored.lastSaveId !== body.saveId && refusal) throw refusal;
    return { saved: explainRefusedSave(stored, body, submit), applied: false, answersJson };
  }

  return {
    /**
     * Exchanges a code for a respondent session. A typed code always opens one. A personal link opens one only on the
     * code's first use; afterwards it only continues the session this browser already holds for the same code, so the
     * link left in a shared computer's history is dead once its respondent has left (they type the code instead).
     * `expiresAt` is null when the browser's session simply continues.
     */
    async enter(input: string, ip: string, route: EntryRoute): Promise<{ principal: RespondentPrincipal; expiresAt: Date | null }> {
      // Counted before the lookup, given back when the code turns out to be right (see rate-limiter refund).
      const ipKey = `code:ip:${ip}`;
      const ipState = await consume(db, ipKey, FAILED_CODES_PER_IP);
      if (!ipState.allowed) {
        throw tooManyRequests(
          `Слишком много неверных кодов с этого адреса. Повторите через ${russianWait(ipState.retryAfterSeconds)}.`,
          ipState.retryAfterSeconds,
        );
      }
      const normalized = normalizeAccessCode(input);
      if (!normalized) throw codeNotFound(ipState.remaining);
      // Found by its keyed hash through an index, never by comparing the code itself: how long the lookup takes
      // says nothing about how close a guess came, so there is no comparison to time.
      const codeHash = hashAccessCode(normalized, codePepper);
      const codeKey = `code:hash:${codeHash}`;
      const codeState = await consume(db, codeKey, FAILURES_PER_CODE);
      if (!codeState.allowed) {
        await refund(db, ipKey);
        throw tooManyRequests(
          `Слишком много попыток входа с этим кодом. Повторите через ${russianWait(codeState.retryAfterSeconds)}.`,
          codeState.retryAfterSeconds,
        );
      }
      const found = await repo.findByCodeHash(db, codeHash);
      if (!found) throw codeNotFound(Math.min(ipState.remaining, codeState.remaining));
      if (found.revokedAt) {
        throw new AppError(
          401,
          'code_revoked',
          'Этот код заменён новым. Ответы сохранены — войдите с новым кодом, который выдаст муниципальный координатор.',
        );
      }
      // The code is right: whatever the campaign's dates say, it was no guess.
      await Promise.all([refund(db, ipKey), refund(db, codeKey)]);
      const phase = campaignPhase(found.campaignState, found.opensAt, found.closesAt);
      if (phase === 'scheduled')
        throw forbidden(
          `Анкетирование начнётся ${formatRussianDateTime(found.opensAt, found.timeZone)}. Код действителен — сохраните его.`,
        );
      // After the deadline only a submitted questionnaire can still be opened, to see it and print the receipt.
      if (phase !== 'open' && found.status !== 'submitted') {
        throw new AppError(403, 'campaign_closed', `Приём анкет завершён ${formatRussianDateTime(found.closesAt, found.timeZone)}.`);
      }
      if (route.viaLink) {
        if (route.current?.accessCodeId === found.accessCodeId) return { principal: route.current, expiresAt: null };
        if (!(await sessions.markFirstUse(db, found.accessCodeId))) throw linkUsed();
      } else {
        await repo.touchAccessCode(db, found.accessCodeId);
      }
      const sessionId = randomUUID();
      const expiresAt = new Date(Date.now() + RESPONDENT_SESSION_SECONDS * 1000);
      await sessions.insertRespondentSession(db, { id: sessionId, accessCodeId: found.accessCodeId, expiresAt });
      return {
        principal: {
          kind: 'respondent',
          sessionId,
          responseId: found.responseId,
          accessCodeId: found.accessCodeId,
          campaignId: found.campaignId,
          respondentRole: found.respondentRole,
        },
        expiresAt,
      };
    },

    /** Ends the session on this device; the token is refused from now on, wherever it was copied to. */
    async leave(principal: RespondentPrincipal) {
      await sessions.revokeRespondentSession(db, principal.sessionId);
    },

    context,

    /** The context with the questionnaire's definition, read from the campaigns' cache at the same time. */
    async entry(principal: RespondentPrincipal): Promise<RespondentEntry> {
      const [current, { questionnaire }] = await Promise.all([
        context(principal),
        campaignDefinition(principal.campaignId, principal.respondentRole),
      ]);
      return { ...current, definition: questionnaire };
    },

    async definition(principal: RespondentPrincipal) {
      const form = await currentForm(principal);
      return {
        campaignId: form.campaignId,
        role: form.respondentRole,
        definition: (await campaignDefinition(form.campaignId, form.respondentRole)).questionnaire,
      };
    },

    save: async (principal: RespondentPrincipal, body: SaveBody) => (await write(principal, body, false)).saved,

    /**
     * Submits and answers with the submitted form's state. A submission the statement applied is answered from the
     * statement itself: the stored answers are the ones just sent, and submittedAt is its updatedAt (one now() per
     * transaction). A recognised retry reads the form, which may have been reopened since.
     */
    async submit(principal: RespondentPrincipal, body: SaveBody): Promise<Submission> {
      const { saved, applied, answersJson } = await write(principal, body, true);
      if (applied) {
        return {
          status: 'submitted',
          revision: saved.revision,
          updatedAt: saved.savedAt,
          submittedAt: saved.savedAt,
          receipt: receiptOf('R', principal.responseId, body.answers, new Date(saved.savedAt), answersJson),
        };
      }
      const { status, revision, updatedAt, submittedAt, receipt } = (await context(principal)).form;
      return { status, revision, updatedAt, submittedAt, receipt };
    },
  };
}

export type RespondentService = ReturnType<typeof createRespondentService>;
