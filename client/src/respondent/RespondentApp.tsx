import { useEffect, useState, type FormEvent } from 'react';
import { respondentRoleLabels } from '@server/modules/campaigns/campaign-labels';
import type { SurveyJson } from '@server/modules/methodology/assemble';
import { EARLY_ENTRY_GLOBAL } from '@server/modules/respondent/early-entry';
import type { RespondentContext, RespondentEntry } from '@server/modules/respondent/respondent.schemas';
import { ErrorNotice } from '../components/ui';
import { api, apiAnswer, ApiError } from '../lib/api';
import { formatDeadline } from '../lib/format';
import { matchPath, navigate, useLocation } from '../lib/router';
import { registerRespondentWorker } from './register-worker';

/** The questionnaire's view with its definition, once both are here. */
interface Opened {
  Questionnaire: typeof import('./Questionnaire').default;
  definition: SurveyJson;
}

type Screen =
  { name: 'loading' } | { name: 'code'; error?: ApiError } | { name: 'questionnaire'; context: RespondentContext; opened: Promise<Opened> };

/** The survey engine is the heaviest part of the site: only the respondent's page loads it. */
const loadQuestionnaireView = () => import('./Questionnaire');

/**
 * The questionnaire's view and its definition. Entering a code brings the definition along; a session that
 * continues asks for it at an address that names it, where the browser keeps it. Not React.lazy: its Suspense
 * fallback would hold the questionnaire back for React's 300 ms reveal throttle.
 */
function openQuestionnaire(context: RespondentContext, definition?: SurveyJson): Screen {
  const opened = Promise.all([
    loadQuestionnaireView(),
    definition ?? api<SurveyJson>(`/api/respondent/definition?campaign=${context.campaign.id}&role=${context.respondentRole}`),
  ]).then(([view, loaded]) => ({ Questionnaire: view.default, definition: loaded }));
  opened.catch(() => undefined);
  return { name: 'questionnaire', context, opened };
}

/**
 * The request the page's inline script already sent on arrival, if it did (EARLY_ENTRY_SCRIPT): the entry with this
 * personal link's code, or, without a code, the session's questionnaire.
 */
function takeEarlyEntry(code?: string): Promise<Response> | undefined {
  const page = window as unknown as Record<string, { code?: string; response: Promise<Response> } | undefined>;
  const early = page[EARLY_ENTRY_GLOBAL];
  delete page[EARLY_ENTRY_GLOBAL];
  return early && early.code === code ? early.response : undefined;
}

/** Codes are shown as XXXX-XXXX-XXXX while typed, whatever layout or case the keyboard is in. */
function formatTyped(value: string): string {
  const compact = value
    .toUpperCase()
    .replace(/[^0-9A-ZА-ЯЁ]/g, '')
    .slice(0, 12);
  return compact.match(/.{1,4}/g)?.join('-') ?? '';
}

export default function RespondentApp() {
  const { pathname } = useLocation();
  const linkCode = matchPath('/anketa/k/:code', pathname)?.code;
  const [screen, setScreen] = useState<Screen>({ name: 'loading' });

  const enter = async (code: string, via: 'typed' | 'link' = 'typed') => {
    try {
      const path = '/api/respondent/session';
      const early = via === 'link' ? takeEarlyEntry(code) : undefined;
      const { definition, ...context } = await (early
        ? apiAnswer<RespondentEntry>(path, early)
        : api<RespondentEntry>(path, { method: 'POST', body: { code, via } }));
      setScreen(openQuestionnaire(context, definition as SurveyJson));
    } catch (error) {
      setScreen({ name: 'code', error: error instanceof ApiError ? error : new ApiError(0, 'unknown', 'Не удалось проверить код.') });
    }
  };

  useEffect(() => {
    if (linkCode) {
      // The code must not stay in the address bar; and the link opens a session only on the code's first use (later
      // it only continues this browser's own session), so the history of a shared computer leads to the code form.
      navigate('/anketa', { replace: true });
      void enter(linkCode, 'link');
    } else {
      const path = '/api/respondent/questionnaire';
      const early = takeEarlyEntry();
      (early ? apiAnswer<RespondentContext>(path, early) : api<RespondentContext>(path))
        .then((context) => setScreen(openQuestionnaire(context)))
        .catch((error: ApiError) =>
          setScreen({ name: 'code', error: error.status === 401 && error.code === 'unauthorized' ? undefined : error }),
        );
    }
    // The engine's code (already downloading: anketa.html announces it) is compiled while the request is on the
    // network, not after it: on a device's first visits through the service worker, compiling it and storing its
    // compiled form takes the main thread for a few hundred milliseconds.
    loadQuestionnaireView().catch(() => undefined);
    // Runs once on arrival.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const arrived = screen.name !== 'loading';
  useEffect(() => {
    if (arrived) registerRespondentWorker();
  }, [arrived]);

  const leave = async () => {
    await api('/api/respondent/session', { method: 'DELETE' }).catch(() => undefined);
    setScreen({ name: 'code' });
  };

  return (
    <div className="respondent">
      <header className="respondent-header">
        <span className="brand-mark" aria-hidden="true">
          М
        </span>
        <span>Анкетирование: механизмы управления качеством образования</span>
      </header>
      <main className="respondent-main">
        {screen.name === 'loading' ? (
          <p className="muted" role="status">
            Загрузка…
          </p>
        ) : null}
        {screen.name === 'code' ? <CodeEntry error={screen.error} onEnter={enter} /> : null}
        {screen.name === 'questionnaire' ? (
          <>
            <section className="respondent-context">
              <h1>{screen.context.campaign.title}</h1>
              <p>
                <strong>{screen.context.school.shortName}</strong> · {screen.context.school.municipalityName}
                <br />
                Анкета: {respondentRoleLabels[screen.context.respondentRole].toLowerCase()} · приём до{' '}
                {formatDeadline(screen.context.campaign.closesAt, screen.context.campaign.timeZone)}
              </p>
              <button type="button" className="button ghost small no-print" onClick={() => void leave()}>
                Выйти
              </button>
            </section>
            <OpeningQuestionnaire
              context={screen.context}
              opened={screen.opened}
              onSessionLost={(error) => setScreen({ name: 'code', error })}
            />
          </>
        ) : null}
      </main>
    </div>
  );
}

function OpeningQuestionnaire({
  context,
  opened,
  onSessionLost,
}: {
  context: RespondentContext;
  opened: Promise<Opened>;
  onSessionLost: (error: ApiError) => void;
}) {
  const [ready, setReady] = useState<Opened | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    opened.then(setReady, (caught: unknown) =>
      setError(
        caught instanceof ApiError
          ? caught
          : new ApiError(0, 'network', 'Не удалось загрузить анкету. Проверьте связь и обновите страницу.'),
      ),
    );
  }, [opened]);
  if (error) return <ErrorNotice error={error} />;
  if (!ready)
    return (
      <p className="muted" role="status">
        Загрузка анкеты…
      </p>
    );
  return <ready.Questionnaire context={context} definition={ready.definition} onSessionLost={onSessionLost} />;
}

function CodeEntry({ error, onEnter }: { error?: ApiError; onEnter: (code: string) => Promise<void> }) {
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(false);
  // A refusal is about the code that was sent: once the code is edited, «Код не найден» no longer applies.
  const [edited, setEdited] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    setEdited(false);
    setPending(true);
    await onEnter(code);
    setPending(false);
  };
  return (
    <section className="code-entry">
      <h1>Вход в анкету</h1>
      <p>
        Введите код доступа с бланка, который выдал муниципальный координатор. Заполнять анкету можно частями: ответы сохраняются, и по тому
        же коду можно продолжить с любого компьютера или телефона.
      </p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <label htmlFor="access-code">Код доступа</label>
        <input
          id="access-code"
          className="code-input"
          value={code}
          onChange={(event) => {
            setCode(formatTyped(event.target.value));
            setEdited(true);
          }}
          placeholder="XXXX-XXXX-XXXX"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="text"
          aria-describedby="code-hint"
          required
        />
        <p id="code-hint" className="muted small">
          12 знаков: латинские буквы и цифры 2–9. Регистр и дефисы не важны.
        </p>
        <ErrorNotice error={edited ? undefined : error} />
        <button type="submit" className="button primary wide" disabled={pending || code.replaceAll('-', '').length < 12}>
          {pending ? 'Проверка…' : 'Открыть анкету'}
        </button>
      </form>
    </section>
  );
}
