import { useEffect, useMemo, useRef, useState } from 'react';
import type { Model, PageModel } from 'survey-core';
import { Survey } from 'survey-react-ui';
import { sortedAnswers } from '@server/modules/forms/answers-json';
import type { FormState, SaveBody, SaveResult, Submission } from '@server/modules/forms/forms.schemas';
import type { SurveyJson } from '@server/modules/methodology/assemble';
import { ApiError } from '../lib/api';
import { Autosave, localDraftStore, uuid, type Answers, type SyncStatus } from './autosave';
import { FinalCheckView, FormProgress } from './FormParts';
import { componentsFilled, finalCheck, progress, type FinalCheck } from './form-summary';
import { blockFacts, progressFacts, questionFacts } from './model-facts';
import { createSurveyModel } from './survey-model';
import { SurveyView } from './SurveyView';

export interface SurveyFormProps {
  definition: SurveyJson;
  initial: FormState;
  editable: boolean;
  /** localStorage key of this form's unsent draft. */
  draftKey: string;
  /** The region's zone: the time of the last save is its clocks', as on the receipt. */
  timeZone: string;
  save: (body: SaveBody) => Promise<SaveResult>;
  /** A submission answers without the answers, which it has just sent (a full form state serves too). */
  submit: (body: SaveBody) => Promise<Submission>;
  reload: () => Promise<FormState>;
  onSubmitted: (state: FormState) => void;
  /**
   * The server no longer accepts this session (a respondent's code was reissued): the unsent answers stay in the
   * local draft, which the form sends once the person is back in.
   */
  onSessionLost?: (error: ApiError) => void;
}

function statusText(status: SyncStatus, timeFormatter: Intl.DateTimeFormat): string {
  switch (status.kind) {
    case 'saved':
      return status.at ? `Ответы сохранены на сервере в ${timeFormatter.format(new Date(status.at))}` : 'Ответы сохраняются автоматически';
    case 'pending':
    case 'saving':
      return 'Сохранение…';
    case 'offline':
      return 'Нет связи с сервером. Ответы сохранены на этом устройстве и будут отправлены, когда связь восстановится.';
    case 'stopped':
      return status.error.message;
  }
}

/**
 * A SurveyJS form that saves itself: to this device at once, to the server every few seconds and on every
 * page change, and reopens where the person stopped. Used for respondents' questionnaires and the municipal form.
 * Around the engine's page: the title, the introduction on the first page only, a progress line, and a final check
 * before sending (the campaign's frozen definition is shown as it is; only its presentation is set here).
 * A form that can no longer be changed is only shown.
 */
export function SurveyForm(props: SurveyFormProps) {
  return props.editable ? <EditableForm {...props} /> : <SurveyView definition={props.definition} answers={props.initial.answers} />;
}

function EditableForm({
  definition,
  initial,
  draftKey,
  timeZone,
  save,
  submit,
  reload,
  onSubmitted,
  onSessionLost,
}: Omit<SurveyFormProps, 'editable'>) {
  const timeFormatter = useMemo(() => new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit', timeZone }), [timeZone]);
  const [status, setStatus] = useState<SyncStatus>({ kind: 'saved', at: initial.updatedAt });
  const [notice, setNotice] = useState<string | null>(null);
  const autosaveRef = useRef<Autosave | null>(null);
  const sendRef = useRef<() => Promise<void>>(async () => undefined);
  const [checking, setChecking] = useState<FinalCheck | null>(null);
  const [sending, setSending] = useState(false);
  // Bumped on every answer, so the progress line reads the model again.
  const [, setAnswersSeen] = useState(0);

  const { model, recovered } = useMemo(() => {
    const survey = createSurveyModel(definition);
    // Save while typing, not only when a field loses focus: people close the tab mid-sentence.
    survey.textUpdateMode = 'onTyping';
    const draft = Autosave.recoverDraft(localDraftStore(draftKey), initial.revision);
    survey.data = draft?.answers ?? initial.answers;
    const page = draft?.currentPage ?? initial.currentPage;
    if (page > 0 && page < survey.visiblePageCount) survey.currentPageNo = page;
    return { model: survey, recovered: draft };
    // The model is built once per form; later server states arrive through the autosave.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [definition]);
  const [pageNo, setPageNo] = useState(model.currentPageNo);

  useEffect(() => {
    const drafts = localDraftStore(draftKey);
    const autosave = new Autosave({
      save,
      drafts,
      initial: { answers: initial.answers, currentPage: initial.currentPage, revision: initial.revision, updatedAt: initial.updatedAt },
      onStatus: (next) => {
        setStatus(next);
        if (next.kind === 'stopped' && next.error.status === 401) onSessionLost?.(next.error);
      },
      onConflict: (error) => void reloadLatest(error),
    });
    async function reloadLatest(error: ApiError) {
      setNotice(error.message);
      try {
        const latest = await reload();
        model.data = latest.answers;
        if (latest.currentPage < model.visiblePageCount) model.currentPageNo = latest.currentPage;
        autosave.reset(latest);
      } catch (caught) {
        setNotice(caught instanceof ApiError ? caught.message : 'Не удалось загрузить последнюю версию анкеты. Обновите страницу.');
      }
    }
    /**
     * survey-core types its data as `any`: a questionnaire's data is always an answers object. A copy, in the order
     * the server fingerprints a receipt in, which spares it a second serialization (answers-json).
     */
    const answersNow = () => sortedAnswers(model.data as Answers);
    autosaveRef.current = autosave;
    // Answers from an earlier visit that never reached the server: send them now.
    if (recovered) {
      autosave.change(recovered.answers, recovered.currentPage, { immediate: true });
      setNotice('Восстановлены ответы, которые не успели отправиться в прошлый раз; они сохраняются на сервер.');
    }
    const onValueChanged = () => {
      autosave.change(answersNow(), model.currentPageNo);
      setAnswersSeen((count) => count + 1);
    };
    const onPageChanged = () => {
      autosave.change(answersNow(), model.currentPageNo, { immediate: true });
      setPageNo(model.currentPageNo);
      window.scrollTo(0, 0);
    };
    // «Отправить» opens the final check; sending is the check's own button.
    const onCompleting = (_: Model, options: { allow: boolean }) => {
      options.allow = false;
      setNotice(null);
      setChecking(finalCheck(questionFacts(model)));
      window.scrollTo(0, 0);
    };
    sendRef.current = handleSubmit;
    async function handleSubmit() {
      setNotice(null);
      await autosave.flush();
      try {
        const sent = { answers: answersNow(), currentPage: model.currentPageNo };
        const submission = await submit({ ...sent, revision: autosave.state.revision, saveId: uuid() });
        autosave.stop();
        drafts.clear();
        onSubmitted({ ...sent, ...submission });
      } catch (caught) {
        const error =
          caught instanceof ApiError
            ? caught
            : new ApiError(0, 'network', 'Нет связи с сервером. Ответы сохранены; отправьте анкету, когда связь восстановится.');
        if (error.status === 401 && onSessionLost) {
          autosave.stop();
          onSessionLost(error);
          return;
        }
        setChecking(null);
        setNotice(error.message);
        const problems = Array.isArray(error.details) ? (error.details as Array<{ question: string; message: string }>) : [];
        let first: string | undefined;
        for (const problem of problems) {
          const question = model.getQuestionByName(problem.question.replace(/-Comment$/, ''));
          if (!question) continue;
          question.addError(problem.message);
          first ??= question.name;
        }
        if (first) model.focusQuestion(first);
      }
    }
    model.onValueChanged.add(onValueChanged);
    model.onCurrentPageChanged.add(onPageChanged);
    model.onCompleting.add(onCompleting);
    return () => {
      model.onValueChanged.remove(onValueChanged);
      model.onCurrentPageChanged.remove(onPageChanged);
      model.onCompleting.remove(onCompleting);
      void autosave.flush().finally(() => autosave.stop());
    };
    // Wired once per model.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model]);

  const backTo = (question?: string) => {
    setChecking(null);
    // The engine's page is shown again first; then it can scroll to the question and focus it.
    if (question) setTimeout(() => model.focusQuestion(question), 0);
  };
  const send = () => {
    setSending(true);
    void sendRef.current().finally(() => setSending(false));
  };
  const facts = !checking ? progressFacts(model) : null;
  const components = facts ? componentsFilled(blockFacts(model.currentPage as PageModel | undefined)) : null;

  return (
    <div className="survey-form">
      <p className={`sync-status ${status.kind}`} role="status" aria-live="polite">
        {statusText(status, timeFormatter)}
      </p>
      {notice ? (
        <div className="notice warning" role="alert">
          {notice}
        </div>
      ) : null}
      {/* The introduction (how long it takes, that one may stop midway) opens the form, on its first page only. */}
      {pageNo === 0 && !checking ? (
        <header className="form-intro">
          <h2>{definition.title}</h2>
          {definition.description ? <p>{definition.description}</p> : null}
        </header>
      ) : null}
      {facts ? (
        <FormProgress
          progress={progress(facts.pageNo, facts.pageCount, facts.answered, facts.total)}
          components={components?.text ?? null}
        />
      ) : null}
      {checking ? <FinalCheckView check={checking} action={model.completeText} sending={sending} onSend={send} onBack={backTo} /> : null}
      <div hidden={checking !== null}>
        <Survey model={model} />
      </div>
    </div>
  );
}
