import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { organisationNoun, respondentRoleLabels, responseStatusLabels } from '@server/modules/campaigns/campaign-labels';
import type { AccessCodeList, AccessCodeSlot, Campaign, CampaignSchool } from '@server/modules/campaigns/campaigns.schemas';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice, Loading, Notice } from '../../components/ui';
import { api } from '../../lib/api';
import { Link, matchPath, useLocation, useSearchParams } from '../../lib/router';
import { useMe } from '../../lib/session';
import { isLocalOrigin } from '../../lib/site-origin';
import { plural } from '@server/lib/plural';
import { useApi } from '../../lib/use-api';
import { AccessSlips } from './AccessSlips';
import { HelpLink } from '../../components/HelpLink';

type Readable = AccessCodeSlot & { code: string };
const readable = (slot: AccessCodeSlot): slot is Readable => slot.code !== null;

/** What a reissue replaces, in the words of its confirmation. */
interface ReissueRequest {
  title: string;
  body: { municipalityId?: number; schoolId?: number; responseIds?: number[] };
  /** Live codes that stop working (printed slips among them). */
  count: number;
}

const codesWord = (count: number) => plural(count, 'код', 'кода', 'кодов');

/**
 * The codes of a municipality (or one of its schools), readable at any time by the coordinators in scope: a
 * table, an XLSX list and A4 slips to print. Reissues ask first, naming how many printed codes stop working.
 */
export default function AccessCodesPage() {
  const me = useMe();
  const { pathname } = useLocation();
  const id = Number(matchPath('/campaigns/:id/codes', pathname)?.id);
  const [params, setParams] = useSearchParams();
  const municipalityId = Number(params.get('municipalityId')) || me.municipality?.id;
  const schoolId = Number(params.get('schoolId')) || undefined;
  const campaign = useApi<Campaign>(`/api/campaigns/${id}`);
  const list = useApi<AccessCodeList>(municipalityId ? `/api/campaigns/${id}/access-codes` : null, { municipalityId, schoolId });
  // The filter offers every organisation of the municipality in the campaign, whichever one the codes are narrowed to.
  const organisations = useApi<CampaignSchool[]>(municipalityId ? `/api/campaigns/${id}/schools` : null, { municipalityId });
  const [reissue, setReissue] = useState<ReissueRequest | null>(null);

  // While this page is open, printing (the button or Ctrl+P) prints the slips alone.
  useEffect(() => {
    document.body.classList.add('printing-slips');
    return () => document.body.classList.remove('printing-slips');
  }, []);

  if (campaign.error || list.error || organisations.error)
    return (
      <section className="page">
        <ErrorNotice error={campaign.error ?? list.error ?? organisations.error} />
      </section>
    );
  if (!campaign.data) return <Loading />;
  const c = campaign.data;
  if (!municipalityId)
    return (
      <section className="page">
        <p className="muted small no-print">
          <Link to={`/campaigns/${id}`}>← {c.title}</Link>
        </p>
        <h1>Коды доступа</h1>
        <p>Коды и бланки открываются по муниципалитетам: выберите муниципалитет в таблице заполнения на странице кампании.</p>
        <a className="button ghost" href={`/api/campaigns/${id}/access-codes.xlsx`} download>
          Скачать все коды кампании (XLSX)
        </a>
      </section>
    );
  if (!list.data || !organisations.data) return <Loading />;

  const codes = list.data.codes;
  const printable = codes.filter(readable);
  const municipalityName = codes[0]?.municipalityName ?? '';
  const schools = organisations.data.filter((school) => school.status !== 'missing');
  const noun = organisationNoun(codes.map((slot) => slot.organisationKind));
  const schoolsNoun = organisationNoun(schools.map((school) => school.kind));
  const open = c.state === 'open';
  const scope = { municipalityId, schoolId };
  const xlsxQuery = new URLSearchParams(Object.entries(scope).flatMap(([key, value]) => (value ? [[key, String(value)]] : [])));
  const unreadable = codes.filter((slot) => !readable(slot));

  return (
    <section className="page">
      <p className="muted small no-print">
        <Link to={`/campaigns/${id}/municipalities/${municipalityId}`}>← {municipalityName || c.title}</Link>
      </p>
      <h1>Коды доступа{municipalityName ? ` — ${municipalityName}` : ''}</h1>
      <HelpLink section="codes" topic="коды доступа" />
      <p className="lead">{c.title}. Коды можно открыть, скачать и распечатать в любое время; каждый просмотр записывается в журнал.</p>

      {!list.data.siteOriginConfigured && isLocalOrigin(list.data.siteOrigin) ? (
        <Notice kind="warning">
          На бланках будет напечатан адрес {list.data.siteOrigin}: он открывается только на этом компьютере или в его локальной сети.
          Попросите администратора указать публичный адрес сайта (PUBLIC_URL), прежде чем печатать бланки.
        </Notice>
      ) : null}
      {unreadable.length ? (
        <Notice kind="warning">
          {unreadable.length} {codesWord(unreadable.length)} {plural(unreadable.length, 'выдан', 'выданы', 'выданы')} до обновления системы
          и не {plural(unreadable.length, 'хранится', 'хранятся', 'хранятся')} — их нельзя показать или напечатать.{' '}
          {open ? (
            <button
              type="button"
              className="link-button"
              onClick={() =>
                setReissue({
                  title: 'Перевыпустить коды, которые нельзя показать?',
                  body: { responseIds: unreadable.map((slot) => slot.responseId) },
                  count: unreadable.length,
                })
              }
            >
              Перевыпустить {unreadable.length} {codesWord(unreadable.length)}
            </button>
          ) : null}
        </Notice>
      ) : null}

      <div className="actions-bar no-print">
        <button type="button" className="button primary" disabled={!printable.length} onClick={() => window.print()}>
          Печать бланков ({printable.length})
        </button>
        <a className="button ghost" href={`/api/campaigns/${id}/access-codes.xlsx?${xlsxQuery.toString()}`} download>
          Скачать список (XLSX)
        </a>
        {open ? (
          <button
            type="button"
            className="button ghost"
            onClick={() =>
              setReissue({
                title: schoolId ? `Перевыпустить все коды ${noun.ofOne}?` : 'Перевыпустить все коды муниципалитета?',
                body: schoolId ? { schoolId } : { municipalityId },
                count: codes.length,
              })
            }
          >
            {schoolId ? `Перевыпустить коды ${noun.ofOne}` : 'Перевыпустить все коды'}
          </button>
        ) : null}
      </div>

      {schools.length > 1 || schoolId ? (
        <div className="filters no-print">
          <label className="field">
            <span>{schoolsNoun.one}</span>
            <select value={schoolId ?? ''} onChange={(event) => setParams({ schoolId: event.target.value || null })}>
              <option value="">Все {schoolsNoun.many.toLowerCase()} муниципалитета</option>
              {schools.map((school) => (
                <option key={school.schoolId} value={school.schoolId}>
                  {school.shortName}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : null}

      <div className="table-wrap no-print">
        <table>
          <caption className="visually-hidden">Коды доступа</caption>
          <thead>
            <tr>
              <th scope="col">{noun.one}</th>
              <th scope="col">Анкета</th>
              <th scope="col">Состояние</th>
              <th scope="col">Код</th>
              {open ? (
                <th scope="col">
                  <span className="visually-hidden">Действия</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {codes.map((slot) => (
              <tr key={slot.responseId}>
                <td>
                  <span className="primary-text">{slot.schoolName}</span>
                  <small className="secondary-text">{slot.schoolCode}</small>
                </td>
                <td>{respondentRoleLabels[slot.respondentRole]}</td>
                <td>
                  <span className={`status-dot ${slot.status}`}>{responseStatusLabels[slot.status]}</span>
                </td>
                <td className="code-cell">{slot.code ?? <span className="muted">не хранится</span>}</td>
                {open ? (
                  <td className="actions">
                    <button
                      type="button"
                      className="link-button small"
                      onClick={() =>
                        setReissue({
                          title: `Новый код: ${slot.schoolName}, ${respondentRoleLabels[slot.respondentRole].toLowerCase()}?`,
                          body: { responseIds: [slot.responseId] },
                          count: 1,
                        })
                      }
                    >
                      новый код
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {reissue ? (
        <ConfirmDialog
          title={reissue.title}
          text={
            <p>
              {reissue.count} {codesWord(reissue.count)} {plural(reissue.count, 'перестанет', 'перестанут', 'перестанут')} действовать
              сразу, в том числе на уже напечатанных бланках. Ответы сохранятся: респондент продолжит с новым кодом. Раздайте новые бланки.
            </p>
          }
          action={`Перевыпустить ${reissue.count} ${codesWord(reissue.count)}`}
          run={() => api(`/api/campaigns/${id}/access-codes`, { method: 'POST', body: reissue.body })}
          onDone={() => {
            setReissue(null);
            list.reload();
          }}
          onClose={() => setReissue(null)}
        />
      ) : null}
      {createPortal(<AccessSlips list={list.data} codes={printable} />, document.querySelector('.shell') ?? document.body)}
    </section>
  );
}
