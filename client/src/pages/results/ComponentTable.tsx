import type { MunicipalityResult } from '@server/modules/results/results.schemas';
import type { ComponentScore, MechanismScore } from '@server/modules/scoring/scoring.schemas';
import { organisationWords } from '@server/modules/scoring/texts';
import { allOrNoneConfirmedText, campaignWords, confirmedOfText, noShareText, respondentRoleGenitives } from './kind-text';
import { Evidence, leftOutText, schoolNamesOf } from './parts';

type Cell = MunicipalityResult['cells'][number];

/**
 * A mechanism's cycle components, a row each: what the municipality declared, how the schools confirm it, why the
 * points are what they are, and the computed points struck out beside an expert's. The results page and the printed
 * report share it; `print` gives the report's layout: the flag beside the title, the schools named in full instead of
 * behind a «show more», the points as plain text.
 */
export function ComponentTable({
  data,
  mechanism,
  cell,
  print = false,
  onEditPoints,
}: {
  data: MunicipalityResult;
  mechanism: MechanismScore;
  cell: Cell;
  print?: boolean;
  /** Where an expert may change a component's points: the «изменить» button of each row. */
  onEditPoints?: (component: ComponentScore, points: number) => void;
}) {
  const words = campaignWords(data.score.responseRate);
  return (
    <table className={print ? 'report-components' : 'components'}>
      <caption className="visually-hidden">Компоненты управленческого цикла</caption>
      <thead>
        <tr>
          <th scope="col">Компонент цикла</th>
          <th scope="col">Что заявил муниципалитет</th>
          <th scope="col">Подтверждение {words.instrumental}</th>
          <th scope="col">Основание</th>
          <th scope="col">Баллы</th>
        </tr>
      </thead>
      <tbody>
        {mechanism.components.map((component, index) => {
          const effective = cell.componentPoints[index]!;
          const computed = cell.computedComponentPoints[index]!;
          return (
            <tr key={component.code} className={component.flagged ? 'row-flagged' : undefined}>
              <th scope="row">
                {index + 1}. {component.title}
                {print && component.flagged ? (
                  <span className="mark-flag" title="Отмечено для эксперта">
                    {' '}
                    ⚑
                  </span>
                ) : null}
              </th>
              <td>
                <Evidence component={component} />
              </td>
              <td>
                {print ? <SchoolsConfirming component={component} data={data} /> : <Corroboration component={component} data={data} />}
              </td>
              <td className="small">{component.reason}</td>
              <td className={print ? 'num points' : 'points'}>
                {effective !== computed ? (
                  <span className="was" title={print ? 'по расчёту' : 'рассчитано'}>
                    {computed}
                  </span>
                ) : null}
                {effective}
                {print ? `/${component.maxPoints}` : <span className="muted small">/{component.maxPoints}</span>}
                {onEditPoints ? (
                  <button type="button" className="link-button small no-print" onClick={() => onEditPoints(component, effective)}>
                    изменить
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** «67 %» and whose answers make it: the head of both ways of showing a share. */
function ShareHead({ share, corroboration }: { share: number; corroboration: NonNullable<ComponentScore['corroboration']> }) {
  return (
    <>
      <strong>{Math.round(share * 100)} %</strong> — {confirmedOfText(corroboration)}
    </>
  );
}

/** On screen: the share, with the schools and questions behind it under a «show more». */
function Corroboration({ component, data }: { component: ComponentScore; data: MunicipalityResult }) {
  const c = component.corroboration;
  if (!c) return <span className="muted small">{campaignWords(data.score.responseRate).plural} этот компонент не видят</span>;
  const names = (ids: Array<string | number>) => schoolNamesOf(data, ids);
  const leftOut = leftOutText(data, c);
  if (c.share === null)
    return (
      <div className="small">
        <span className="muted">{noShareText(c)}</span>
        {leftOut ? <p className="muted">{leftOut}</p> : null}
      </div>
    );
  const words = organisationWords(c.organisationKinds);
  return (
    <div className="small">
      <ShareHead share={c.share} corroboration={c} />
      <details>
        <summary>{words.plural} и вопросы</summary>
        {c.confirmingSchoolIds.length ? <p>Подтвердили: {names(c.confirmingSchoolIds).join(', ')}.</p> : null}
        {c.notConfirmingSchoolIds.length ? <p>Не подтвердили: {names(c.notConfirmingSchoolIds).join(', ')}.</p> : null}
        {leftOut ? <p>{leftOut}</p> : null}
        <ul>
          {c.questions.map((q) => (
            <li key={q.question}>
              {data.questions[q.question]?.title ?? q.question}: подтверждено в {q.holdingSchools} из {q.answeringSchools} ответивших{' '}
              {words.genitive}
              {q.rule.kind === 'role' ? ` (учитывается ответ ${respondentRoleGenitives[q.rule.role]})` : ''}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

/**
 * In print, the schools behind a share without a «show more»: the smaller of the two groups is named, which with the
 * counts says who confirmed and who did not.
 */
function SchoolsConfirming({ component, data }: { component: ComponentScore; data: MunicipalityResult }) {
  const c = component.corroboration;
  if (!c) return <span className="muted">{campaignWords(data.score.responseRate).plural} не видят</span>;
  if (c.share === null) return <span className="muted">{noShareText(c)}</span>;
  const namesConfirming = c.confirmingSchoolIds.length <= c.notConfirmingSchoolIds.length;
  const named = namesConfirming ? c.confirmingSchoolIds : c.notConfirmingSchoolIds;
  return (
    <div>
      <ShareHead share={c.share} corroboration={c} />
      {named.length ? (
        <div className={namesConfirming ? undefined : 'muted'}>
          {namesConfirming ? 'Подтвердили' : 'Не подтвердили'}: {schoolNamesOf(data, named).join(', ')}.
        </div>
      ) : (
        <div>{allOrNoneConfirmedText(c, namesConfirming)}</div>
      )}
    </div>
  );
}
