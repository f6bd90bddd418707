import { plural } from '@server/lib/plural';
import type { MechanismReference, MethodologyReference } from '@server/modules/methodology/methodology.schemas';
import type { MethodologyVersionSummary } from '@server/modules/methodology/versions.schemas';
import { ErrorNotice, Loading, SelectField } from '../../components/ui';
import { Link, useSearchParams } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { describeScoring, levelRanges } from './rules-text';
import { versionLabel } from './version-label';

/** The reference of a methodology version for experts and coordinators: catalogue, cycle, rules and thresholds. */
export default function MethodologyPage() {
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const list = useApi<MethodologyVersionSummary[]>('/api/methodologies');
  const id = params.get('id') ?? list.data?.[0]?.id ?? null;
  const reference = useApi<MethodologyReference>(id ? `/api/methodologies/${encodeURIComponent(id)}` : null);

  return (
    <section className="page">
      <div className="page-header">
        <h1>Методика оценки</h1>
        {me.role === 'municipal_coordinator' ? null : <Link to="/methodology/versions">Версии методики</Link>}
        {list.data && list.data.length > 1 ? (
          <SelectField
            label="Версия методики"
            value={id ?? ''}
            options={list.data.map((item) => ({ value: item.id, label: versionLabel(item) }))}
            onChange={(event) => setParams({ id: event.target.value })}
          />
        ) : null}
      </div>
      <ErrorNotice error={list.error ?? reference.error} />
      {!reference.data && (list.loading || reference.loading) ? <Loading /> : null}
      {list.data?.length === 0 ? <p className="empty">Методики не загружены.</p> : null}
      {reference.data ? <Reference reference={reference.data} /> : null}
    </section>
  );
}

function Reference({ reference }: { reference: MethodologyReference }) {
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
