import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { respondentEntryAddress, respondentLink } from '@server/modules/campaigns/campaign-labels';
import type { IssuedCode, IssuedCodesResponse } from '@server/modules/campaigns/campaigns.schemas';
import { respondentRoleLabels } from '@server/modules/campaigns/campaign-labels';
import { ErrorNotice, Notice } from '../../components/ui';
import { ApiError, parseError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';

function groupByMunicipality(codes: IssuedCode[]) {
  const groups = new Map<number, { name: string; codes: IssuedCode[] }>();
  for (const code of codes) {
    const group = groups.get(code.municipalityId) ?? { name: code.municipalityName, codes: [] };
    group.codes.push(code);
    groups.set(code.municipalityId, group);
  }
  return [...groups.values()];
}

async function downloadSheet(issued: IssuedCodesResponse, codes: IssuedCode[], fileName: string) {
  const response = await fetch(`/api/campaigns/${issued.campaignId}/access-codes/sheet`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...issued, codes }),
  });
  if (!response.ok) throw await parseError(response);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Codes exist in plain text only in this panel, right after they were issued: each municipality's list can be
 * downloaded as XLSX or printed as A4 slips to cut and hand out.
 */
export function IssuedCodesPanel({ issued, onDismiss }: { issued: IssuedCodesResponse; onDismiss: () => void }) {
  const [printing, setPrinting] = useState<IssuedCode[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const groups = groupByMunicipality(issued.codes);

  useEffect(() => {
    if (!printing) return;
    document.body.classList.add('printing-slips');
    const done = () => {
      document.body.classList.remove('printing-slips');
      setPrinting(null);
    };
    window.addEventListener('afterprint', done, { once: true });
    const frame = requestAnimationFrame(() => window.print());
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('afterprint', done);
      document.body.classList.remove('printing-slips');
    };
  }, [printing]);

  const download = (codes: IssuedCode[], name: string) => {
    setError(null);
    downloadSheet(issued, codes, name).catch((caught) =>
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'network', 'Не удалось скачать файл.')),
    );
  };

  return (
    <section className="card issued-codes" aria-labelledby="issued-title">
      <h2 id="issued-title">Выданы коды доступа: {issued.codes.length}</h2>
      <Notice kind="warning">
        Коды показываются только сейчас: в системе хранятся лишь их отпечатки. Скачайте списки или распечатайте бланки для каждого
        муниципалитета, прежде чем закрыть эту панель. Утерянный код можно перевыпустить — ответы сохранятся.
      </Notice>
      <ErrorNotice error={error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Муниципалитет</th>
              <th scope="col" className="num">
                Кодов
              </th>
              <th scope="col">
                <span className="visually-hidden">Действия</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={group.name}>
                <td>{group.name}</td>
                <td className="num">{group.codes.length}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="button ghost small"
                    onClick={() => download(group.codes, `kody-${group.codes[0]!.municipalityId}.xlsx`)}
                  >
                    Скачать XLSX
                  </button>
                  <button type="button" className="button ghost small" onClick={() => setPrinting(group.codes)}>
                    Бланки для печати
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="form-actions">
        {groups.length > 1 ? (
          <button type="button" className="button ghost" onClick={() => download(issued.codes, `kody-${issued.campaignId}.xlsx`)}>
            Скачать все коды одним файлом
          </button>
        ) : null}
        <button type="button" className="button ghost" onClick={onDismiss}>
          Готово, коды сохранены
        </button>
      </div>
      {printing ? createPortal(<AccessSlips issued={issued} codes={printing} />, document.querySelector('.shell') ?? document.body) : null}
    </section>
  );
}

/** A4 sheets of slips, two across: who the code is for, where to go and the code itself. */
export function AccessSlips({ issued, codes }: { issued: IssuedCodesResponse; codes: IssuedCode[] }) {
  const address = respondentEntryAddress(issued.siteOrigin);
  return (
    <div className="slips-print">
      <div className="slips">
        {codes.map((code) => (
          <article key={code.responseId} className="slip">
            <h3>{issued.campaignTitle}</h3>
            <div>
              <strong>{code.schoolName}</strong>
              <br />
              Анкета: {respondentRoleLabels[code.respondentRole].toLowerCase()}
            </div>
            <div className="slip-code">{code.code}</div>
            <div>
              Откройте <strong>{address}</strong> и введите код
              <br />
              или перейдите по личной ссылке: <span className="slip-link">{respondentLink(issued.siteOrigin, code.code)}</span>
              <br />
              Ответы сохраняются: можно продолжить позже с любого устройства.
              <br />
              Приём анкет до {formatDateTime(issued.closesAt)}.
            </div>
          </article>
        ))}
      </div>
    </div>
  );
}
