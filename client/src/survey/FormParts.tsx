import { plural } from '@server/lib/plural';
import type { FinalCheck, Progress, SummaryGroup } from './form-summary';

/** «Страница 3 из 8 · отвечено 40 %» with a bar, and on a page of blocks how many of them are filled in. */
export function FormProgress({ progress, components }: { progress: Progress; components: string | null }) {
  return (
    <div className="form-progress">
      <p className="form-progress-text">{progress.text}</p>
      <div
        className="form-progress-bar"
        role="progressbar"
        aria-label="Отвечено"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress.percent}
        aria-valuetext={`${progress.percent} %`}
      >
        <span style={{ width: `${progress.percent}%` }} />
      </div>
      {components ? <p className="form-progress-components">{components}</p> : null}
    </div>
  );
}

/** Past this many listed questions the groups start folded, so the buttons stay within reach on a phone. */
const OPEN_UP_TO = 12;

function Groups({ groups, open, onGo }: { groups: SummaryGroup[]; open: boolean; onGo: (name: string) => void }) {
  return (
    <>
      {groups.map((group) => (
        <details key={group.page} className="final-check-group" open={open}>
          <summary>
            {group.pageTitle} — {group.questions.length}
          </summary>
          <ul>
            {group.questions.map((question) => (
              <li key={question.name}>
                <button type="button" className="link-button" onClick={() => onGo(question.name)}>
                  {question.title}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </>
  );
}

/**
 * The last step before sending: what is left unanswered and what was answered «затрудняюсь», each a link back to
 * the question, and plainly that nothing can be changed afterwards.
 */
export function FinalCheckView({
  check,
  action,
  sending,
  onSend,
  onBack,
}: {
  check: FinalCheck;
  action: string;
  sending: boolean;
  onSend: () => void;
  onBack: (question?: string) => void;
}) {
  const open = check.unansweredCount + check.unsureCount <= OPEN_UP_TO;
  return (
    <section className="final-check" aria-labelledby="final-check-title">
      <h2 id="final-check-title">Проверка перед отправкой</h2>
      <p className="final-check-warning">
        <strong>После отправки изменить ответы будет нельзя.</strong> Если что-то хотите поправить, вернитесь к ответам.
      </p>
      {check.unansweredCount === 0 && check.unsureCount === 0 ? (
        <p>Ответы даны на все вопросы, вариант «затрудняюсь ответить» не выбран ни разу.</p>
      ) : null}
      {check.unansweredCount > 0 ? (
        <>
          <h3>
            Без ответа: {check.unansweredCount}{' '}
            {plural(check.unansweredCount, 'необязательный вопрос', 'необязательных вопроса', 'необязательных вопросов')}
          </h3>
          <p className="muted small">Их можно оставить пустыми, но каждый ответ делает оценку точнее.</p>
          <Groups groups={check.unanswered} open={open} onGo={onBack} />
        </>
      ) : null}
      {check.unsureCount > 0 ? (
        <>
          <h3>
            Ответ «затрудняюсь»: {check.unsureCount} {plural(check.unsureCount, 'вопрос', 'вопроса', 'вопросов')}
          </h3>
          <p className="muted small">Это честный ответ, если вы действительно не знаете; если знаете — уточните.</p>
          <Groups groups={check.unsure} open={open} onGo={onBack} />
        </>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button primary" disabled={sending} onClick={onSend}>
          {sending ? 'Отправка…' : action}
        </button>
        <button type="button" className="button ghost" disabled={sending} onClick={() => onBack()}>
          Вернуться к ответам
        </button>
      </div>
    </section>
  );
}
