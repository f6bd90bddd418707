import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { api } from '../../lib/api';
import { Link } from '../../lib/router';
import { CampaignEditor } from './CampaignEditor';
import { DeadlineDialog } from './DeadlineDialog';
import { RemindersDialog } from './RemindersDialog';

export type CampaignDialog = 'edit' | 'extend' | 'reopen' | 'launch' | 'close' | 'remind';

/** What a manager can do with the campaign in its current state; the buttons open a `CampaignDialog`. */
export function CampaignActions({ campaign: c, onOpen }: { campaign: Campaign; onOpen: (dialog: CampaignDialog) => void }) {
  const id = c.id;
  return (
    <div className="actions-bar no-print">
      {c.state === 'draft' ? (
        <>
          <button type="button" className="button primary" onClick={() => onOpen('launch')}>
            Запустить кампанию
          </button>
          <button type="button" className="button ghost" onClick={() => onOpen('edit')}>
            Изменить
          </button>
        </>
      ) : null}
      {c.state === 'open' ? (
        <>
          <button type="button" className="button ghost" onClick={() => onOpen('extend')}>
            Продлить приём
          </button>
          <button type="button" className="button ghost" onClick={() => onOpen('close')}>
            Завершить приём
          </button>
          <button type="button" className="button ghost" onClick={() => onOpen('remind')}>
            Напомнить отстающим
          </button>
        </>
      ) : null}
      {c.state === 'closed' ? (
        <button type="button" className="button ghost" onClick={() => onOpen('reopen')}>
          Открыть приём заново
        </button>
      ) : null}
      {c.state !== 'draft' ? (
        <Link className="button ghost" to={`/campaigns/${id}/codes`}>
          Коды доступа и бланки
        </Link>
      ) : null}
      {c.state !== 'draft' ? (
        <a className="button ghost" href={`/api/campaigns/${id}/progress.xlsx`} download>
          Выгрузить заполнение (XLSX)
        </a>
      ) : null}
      <a
        className="button ghost"
        href={`/api/campaigns/${id}/backup`}
        download
        title="Один файл со справочником региона, анкетами, расчётами и проверкой экспертов: из него кампанию можно восстановить в другой установке"
      >
        Резервная копия
      </a>
    </div>
  );
}

/** The open dialog of the campaign page; `onDone` follows a change to the campaign. */
export function CampaignDialogs({
  campaign: c,
  dialog,
  onClose,
  onDone,
}: {
  campaign: Campaign;
  dialog: CampaignDialog | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const id = c.id;
  return (
    <>
      {dialog === 'edit' ? <CampaignEditor campaign={c} onClose={onClose} onSaved={onDone} /> : null}
      {dialog === 'launch' ? (
        <ConfirmDialog
          title="Запустить кампанию?"
          text="Анкеты будут зафиксированы, каждая школа (и детский сад, если методика их опрашивает) выбранных муниципалитетов получит анкету и код доступа для каждой роли своего типа организации. Коды и бланки для печати можно в любое время открыть на странице кампании и на страницах муниципалитетов."
          action="Запустить"
          run={() => api(`/api/campaigns/${id}/launch`, { method: 'POST' })}
          onDone={onDone}
          onClose={onClose}
        />
      ) : null}
      {dialog === 'close' ? (
        <ConfirmDialog
          title="Завершить приём анкет?"
          text="Респонденты больше не смогут сохранять и отправлять анкеты. Отправленные анкеты останутся доступны для просмотра."
          action="Завершить приём"
          run={() => api(`/api/campaigns/${id}/close`, { method: 'POST' })}
          onDone={onDone}
          onClose={onClose}
        />
      ) : null}
      {dialog === 'remind' ? <RemindersDialog campaign={c} onClose={onClose} /> : null}
      {dialog === 'extend' || dialog === 'reopen' ? <DeadlineDialog campaign={c} mode={dialog} onClose={onClose} onDone={onDone} /> : null}
    </>
  );
}
