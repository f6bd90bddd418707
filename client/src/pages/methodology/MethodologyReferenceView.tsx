import { plural } from '@server/lib/plural';
import type { MechanismReference, MethodologyReference } from '@server/modules/methodology/methodology.schemas';
import { describeScoring, levelRanges } from './rules-text';

/** The rules of a methodology version as they read: catalogue, cycle, thresholds. The reference page and the preview. */
export function Reference({ reference }: { reference: MethodologyReference }) {
  const roleLabel = new Map<string, string>(reference.respondentRoles.map((role) => [role.code, role.label]));
  return (
    <>
      <p className="lead">
        {reference.title} · версия {reference.version}
      </p>
      <p>{reference.description}</p>
      {reference.sources.length > 0 ? (
        <details>
          <summary>Источники</summary>
          <ul>
            {reference.sources.map((source) => (
              <li key={source}>{source}</li>
            ))}
          </ul>
        </details>
      ) : null}

      <h2>Уровни сформированности</h2>
      <p>Каждый механизм и муниципалитет в целом получают один из четырёх уровней по доле набранных баллов.</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Уровень</th>
              <th scope="col">Доля баллов</th>
            </tr>
          </thead>
          <tbody>
            {levelRanges(reference).map((level) => (
              <tr key={level.code}>
                <td>{level.label}</td>
                <td>{level.range}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Управленческий цикл</h2>
      <p>Механизм сформирован, когда муниципалитет проходит по нему весь цикл — от целей до анализа эффективности принятых мер.</p>
      <ol>
        {reference.cycleComponents.map((component) => (
          <li key={component.code}>
            <strong>{component.title}</strong>
            {component.visibleToSchools ? (
              <>
                {' '}
                <span className="badge neutral">подтверждают школы</span>
              </>
            ) : null}
            <br />
            <span className="muted">{component.description}</span>
          </li>
        ))}
      </ol>

      <h2>Механизмы</h2>
      {reference.blocks.map((block) => (
        <section key={block.code}>
          <h3>{block.title}</h3>
          {block.mechanisms.map((mechanism) => (
            <Mechanism key={mechanism.code} mechanism={mechanism} roleLabel={(code) => roleLabel.get(code) ?? code} />
          ))}
        </section>
      ))}

      <h2>Правила оценки</h2>
      {describeScoring(reference).map((section) => (
        <section key={section.title}>
          <h3>{section.title}</h3>
          {section.paragraphs.map((paragraph) => (
            <p key={paragraph}>{paragraph}</p>
          ))}
        </section>
      ))}
      <p className="muted">
        Эксперт может изменить баллы компонента или уровень механизма, указав причину; рассчитанное значение, изменение, автор и время
        сохраняются.
      </p>
    </>
  );
}

function Mechanism({ mechanism, roleLabel }: { mechanism: MechanismReference; roleLabel: (code: string) => string }) {
  return (
    <details className="card">
      <summary>
        <strong>{mechanism.code}.</strong> {mechanism.title}
      </summary>
      <dl className="facts">
        <dt>Цель</dt>
        <dd>{mechanism.goal}</dd>
        <dt>Направления</dt>
        <dd>
          <ul>
            {mechanism.directions.map((direction) => (
              <li key={direction.code}>
                {direction.code}. {direction.title}
              </li>
            ))}
          </ul>
        </dd>
        {mechanism.indicators.length > 0 ? (
          <>
            <dt>Ключевые показатели</dt>
            <dd>
              <ul>
                {mechanism.indicators.map((indicator) => (
                  <li key={indicator.name}>{indicator.title}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>Вопросы анкет</dt>
        <dd>
          {mechanism.questionCounts
            .map((entry) => `${roleLabel(entry.role)} — ${entry.count} ${plural(entry.count, 'вопрос', 'вопроса', 'вопросов')}`)
            .join('; ')}
        </dd>
      </dl>
    </details>
  );
}
