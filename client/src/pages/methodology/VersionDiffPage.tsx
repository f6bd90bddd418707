import type { DiffSummary, FieldChange, MechanismDiff, VersionDiff } from '@server/modules/methodology/diff.schemas';
import type { MethodologyVersionSummary } from '@server/modules/methodology/versions.schemas';
import { ErrorNotice, Loading, Notice, SelectField } from '../../components/ui';
import { Link, matchPath, useLocation, useSearchParams } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { ChangeTable, ItemChanges, KindBadge } from './DiffParts';
import { versionLabel } from './version-label';

/**
 * Two methodology versions side by side (issue #20 §5): by default a version against the one it was forked from.
 * Questions added, removed or reworded, changed answer options, every changed number of the scoring rules.
 */
export default function VersionDiffPage() {
  const { pathname } = useLocation();
  const id = matchPath('/methodology/versions/:id/diff', pathname)!.id!;
  const [params, setParams] = useSearchParams();
  const other = params.get('with');
  const list = useApi<MethodologyVersionSummary[]>('/api/methodologies');
  const diff = useApi<VersionDiff>(`/api/methodologies/${encodeURIComponent(id)}/diff`, { with: other });
  const selected = other ?? diff.data?.before.id ?? '';
  const choices = (list.data ?? []).filter((version) => version.id !== id);

  return (
    <section className="page diff">
      <div className="page-header">
        <h1>Сравнение версий методики</h1>
        <Link to={`/methodology?id=${encodeURIComponent(id)}`}>Методика этой версии</Link>
      </div>
      {choices.length > 0 ? (
        <SelectField
          label="С какой версией сравнить"
          value={selected}
          placeholder={selected ? undefined : 'Выберите версию'}
          options={choices.map((version) => ({ value: version.id, label: versionLabel(version) }))}
          onChange={(event) => setParams({ with: event.target.value })}
        />
      ) : null}
      <ErrorNotice error={list.error ?? diff.error} />
      {diff.loading && !diff.data ? <Loading /> : null}
      {diff.data && !diff.error ? <Comparison data={diff.data} /> : null}
    </section>
  );
}

function Comparison({ data }: { data: VersionDiff }) {
  const { diff } = data;
  return (
    <>
      <dl className="facts">
        <dt>Было</dt>
        <dd>
          {versionLabel(data.before)} <code>{data.before.id}</code>
        </dd>
        <dt>Стало</dt>
        <dd>
          {versionLabel(data.after)} <code>{data.after.id}</code>
        </dd>
      </dl>
      <Summary summary={diff.summary} />
      {diff.summary.identical ? <Notice>Версии совпадают: ни вопросы, ни правила оценки, ни тексты не отличаются.</Notice> : null}
      <Part title="Правила оценки" changes={diff.scoring} />
      {diff.mechanisms.length > 0 ? (
        <section aria-labelledby="diff-mechanisms">
          <h2 id="diff-mechanisms">Механизмы и вопросы</h2>
          {diff.mechanisms.map((mechanism) => (
            <Mechanism key={mechanism.code} mechanism={mechanism} />
          ))}
        </section>
      ) : null}
      <Part title="Общие сведения, уровни, компоненты цикла и шкалы ответов" changes={diff.general} />
      <Part title="Роли респондентов" changes={diff.respondentRoles} />
      <Part title="Общие рекомендации" changes={diff.recommendations} />
    </>
  );
}

function Summary({ summary }: { summary: DiffSummary }) {
  const rows = [
    ['Вопросы анкет', summary.questions],
    ['Показатели муниципальной формы', summary.indicators],
    ['Механизмы', summary.mechanisms],
  ] as const;
  return (
    <section aria-labelledby="diff-summary">
      <h2 id="diff-summary">Итог</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Что</th>
              <th scope="col" className="num">
                Добавлено
              </th>
              <th scope="col" className="num">
                Удалено
              </th>
              <th scope="col" className="num">
                Изменено
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, counts]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{counts.added}</td>
                <td className="num">{counts.removed}</td>
                <td className="num">{counts.changed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul>
        <li>Значений правил оценки изменено: {summary.scoringChanges}</li>
        <li>Рекомендаций изменено: {summary.recommendationChanges}</li>
        <li>Других текстов изменено: {summary.textChanges}</li>
      </ul>
    </section>
  );
}

function Part({ title, changes }: { title: string; changes: FieldChange[] }) {
  if (changes.length === 0) return null;
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      <ChangeTable changes={changes} caption={title} />
    </section>
  );
}

function Mechanism({ mechanism }: { mechanism: MechanismDiff }) {
  const title = mechanism.title.after ?? mechanism.title.before ?? '';
  const heading = `${mechanism.code}. ${title}`;
  return (
    <section className="card diff-mechanism" aria-label={`Механизм ${heading}`}>
      <h3>
        {heading} <KindBadge kind={mechanism.status} />
      </h3>
      <ChangeTable changes={mechanism.changes} caption={`Механизм ${mechanism.code}: тексты`} />
      {mechanism.questions.length > 0 ? (
        <>
          <h4 className="diff-subheading">Вопросы анкет</h4>
          {mechanism.questions.map((item) => (
            <ItemChanges key={item.name} item={item} noun="Вопрос" />
          ))}
        </>
      ) : null}
      {mechanism.indicators.length > 0 ? (
        <>
          <h4 className="diff-subheading">Показатели муниципальной формы</h4>
          {mechanism.indicators.map((item) => (
            <ItemChanges key={item.name} item={item} noun="Показатель" />
          ))}
        </>
      ) : null}
    </section>
  );
}
