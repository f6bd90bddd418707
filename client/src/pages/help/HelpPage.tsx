import { useEffect, type ReactNode } from 'react';
import { roleLabels } from '@server/modules/auth/auth-labels';
import type { MethodologyReference, MethodologySummary } from '@server/modules/methodology/methodology.schemas';
import type { StaffRole } from '@db/schema/values';
import type { HelpSection } from '../../components/HelpLink';
import { ErrorNotice, Loading } from '../../components/ui';
import { Link } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { glossary } from './glossary';

function Section({ id, title, children }: { id: HelpSection; title: string; children: ReactNode }) {
  return (
    <section id={id} className="card help-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

const campaignSteps: ReactNode[] = [
  <>
    <Link to="/import">Справочник → Загрузка</Link>: загрузите муниципалитеты, затем школы из Excel или CSV. Система сначала покажет, что
    изменится, и ничего не запишет, пока в файле есть ошибки.
  </>,
  <>
    <Link to="/users">Пользователи</Link>: выдайте доступ муниципальным координаторам (по одному на муниципалитет) и экспертам. Временный
    пароль передайте лично; при первом входе его придётся сменить.
  </>,
  <>
    <Link to="/campaigns">Кампании → Новая кампания</Link>: название, год, методика, механизмы, муниципалитеты и сроки приёма. Пока кампания
    — черновик, её можно править.
  </>,
  'Запустите кампанию: для каждой школы выдаются коды доступа директору, заместителю и педагогам, а если методика опрашивает детские сады — заведующему, старшему воспитателю и воспитателям каждого детского сада. После запуска методика и состав вопросов замораживаются.',
  'Муниципальные координаторы раздают коды школам и детским садам и заполняют муниципальную форму. Следите за заполнением на странице кампании; отстающим можно напомнить письмом или включить автоматические напоминания.',
  'Когда приём закончится (или вы завершите его досрочно), запустите расчёт уровней и назначьте экспертов.',
  'Эксперты проверяют каждый муниципалитет: подтверждают уровни или меняют их с причиной, затем утверждают муниципалитет.',
  'Опубликуйте результаты: муниципалитеты увидят свои уровни и отчёты. Неутверждённые муниципалитеты можно опубликовать только как исключение, указав причину; публикацию можно снять для исправления.',
];

/** «Справка»: how each staff role does its work, and the methodology's terms from its own data. */
export default function HelpPage() {
  const me = useMe();
  const list = useApi<MethodologySummary[]>('/api/methodologies');
  const id = list.data?.[0]?.id ?? null;
  const reference = useApi<MethodologyReference>(id ? `/api/methodologies/${encodeURIComponent(id)}` : null);
  const terms = reference.data ? glossary(reference.data) : [];

  // Links from other pages name a section: bring it into view once the page (and the glossary) is drawn.
  useEffect(() => {
    const target = window.location.hash.slice(1);
    if (target) document.getElementById(target)?.scrollIntoView();
  }, [reference.data]);

  const sees = (...roles: StaffRole[]) => me.role === 'admin' || roles.includes(me.role);

  return (
    <section className="page help-page">
      <h1>Справка</h1>
      <p className="lead">
        {roleLabels[me.role]}: что делать и где. Термины методики — в <a href="#glossary">словаре</a> внизу страницы.
      </p>

      {sees('regional_coordinator') ? (
        <Section id="campaign" title="Кампания от загрузки справочника до публикации">
          <ol className="help-steps">
            {campaignSteps.map((step, index) => (
              <li key={index}>{step}</li>
            ))}
          </ol>
        </Section>
      ) : null}

      {sees('regional_coordinator', 'expert') ? (
        <Section id="results" title="Результаты кампании">
          <p>
            На странице результатов — таблица уровней по муниципалитетам и механизмам, распределение по уровням и сравнение с прошлой
            кампанией региона. Значки: ✎ — уровень изменён экспертом, ✓ — подтверждён, ⚑ — эксперту стоит посмотреть, ↻ — новый расчёт
            изменил результат.
          </p>
        </Section>
      ) : null}

      {sees('regional_coordinator', 'municipal_coordinator') ? (
        <>
          <Section id="codes" title="Коды доступа школ и детских садов">
            <p>
              После запуска кампании у каждой школы есть коды: для директора, заместителя директора и педагогов; у каждого детского сада,
              если методика его опрашивает, — для заведующего, старшего воспитателя и воспитателей. На странице «Коды доступа» их можно
              распечатать бланками или выгрузить в Excel. Каждый просмотр и выгрузка записываются в журнал.
            </p>
            <p>
              Код утерян или попал к постороннему — перевыпустите его: старый перестанет действовать, начатые ответы по нему будут
              отброшены. Респондент входит на странице анкеты по коду, без пароля, и может заполнять анкету частями.
            </p>
          </Section>
          <Section id="reminders" title="Напоминания">
            <p>
              На странице кампании видно, кто не начал и не закончил анкету. Региональный координатор отправляет напоминания муниципальным
              координаторам отстающих муниципалитетов — письмом или, если почта не настроена, текстом для копирования. Можно включить
              автоматические напоминания за несколько дней до срока.
            </p>
            <p>Муниципальный координатор напоминает школам и детским садам сам: список незаполненных анкет можно выгрузить в Excel.</p>
          </Section>
          <Section id="municipal-form" title="Муниципальная форма">
            <p>
              Форму заполняет муниципальный координатор: по каждому механизму и каждому компоненту управленческого цикла — есть ли он, каким
              документом установлен (вид, название, дата и номер) и ссылка на документ на официальном сайте. Документ с датой и номером или
              со ссылкой эксперт может проверить — за такой компонент баллов больше.
            </p>
            <p>Ответы сохраняются сами. После отправки форма закрыта для изменений; до конца приёма проверьте её целиком.</p>
          </Section>
        </>
      ) : null}

      {sees('expert', 'regional_coordinator') ? (
        <>
          <Section id="explanation" title="Как читать объяснение уровня">
            <p>
              Под уровнем механизма — объяснение расчёта по шагам: сколько баллов получил каждый компонент по муниципальной форме, сколько
              школ его подтвердили, какие баллы остались после сверки и какое ограничение уровня сработало. Раскройте компонент, чтобы
              увидеть ответы школ по каждому вопросу.
            </p>
            <p>
              Отметка ⚑ «Для эксперта» ставится, когда муниципалитет заявил высокий балл, а школы его почти не подтвердили, — такие места
              стоит проверить первыми.
            </p>
          </Section>
          <Section id="override" title="Когда подтверждать и когда менять уровень">
            <p>
              «Подтвердить уровень» — если расчёт согласуется с документами и ответами школ. Подтверждённый механизм отмечен ✓; новый
              расчёт, изменивший его результат, снимает подтверждение.
            </p>
            <p>
              «Изменить уровень…» или баллы компонента — только когда у вас есть основание, которого расчёт не видит: документ не
              соответствует заявленному, ссылка не открывается, школы ответили формально. Причина обязательна и попадает в отчёт
              муниципалитета; расчётное значение остаётся рядом. Изменение можно отменить.
            </p>
            <p>Когда все механизмы проверены, утвердите муниципалитет. Утверждение можно снять, пока результаты не опубликованы.</p>
          </Section>
        </>
      ) : null}

      {sees('regional_coordinator', 'municipal_coordinator') ? (
        <Section id="audit" title="Журнал действий">
          <p>
            Журнал показывает, кто, когда и что изменил на вашей территории. Муниципальный координатор видит действия коллег по имени и
            роли, без адресов почты; исходные данные записи и IP-адреса видит только администратор.
          </p>
        </Section>
      ) : null}

      <section id="glossary" className="card help-section" aria-labelledby="glossary-title">
        <h2 id="glossary-title">Словарь методики</h2>
        <ErrorNotice error={list.error ?? reference.error} />
        {!reference.data && (list.loading || reference.loading) ? <Loading /> : null}
        {reference.data ? (
          <>
            <p className="muted small">
              По методике «{reference.data.title}», версия {reference.data.version}. Подробно — на странице{' '}
              <Link to="/methodology">Методика</Link>.
            </p>
            <dl className="glossary">
              {terms.map((term) => (
                <div key={term.id} id={term.id}>
                  <dt>{term.term}</dt>
                  {term.definition.map((line, index) => (
                    <dd key={index}>{line}</dd>
                  ))}
                </div>
              ))}
            </dl>
          </>
        ) : null}
      </section>
    </section>
  );
}
