import { useState, type FormEvent } from 'react';
import type { MunicipalityResult } from '@server/modules/results/results.schemas';
import type { ComponentScore, MechanismScore } from '@server/modules/scoring/scoring.schemas';
import { DialogActions, ErrorNotice, Modal, SelectField } from '../../components/ui';
import { api } from '../../lib/api';
import { useSubmit } from '../../lib/use-submit';

/** What an expert is changing: a component's points or a mechanism's level. */
export type Editing =
  | { kind: 'component'; mechanism: MechanismScore; component: ComponentScore; points: number }
  | { kind: 'level'; mechanism: MechanismScore; level: number | null };

export function OverrideDialog({
  campaignId,
  municipalityId,
  editing,
  data,
  onClose,
  onDone,
}: {
  campaignId: number;
  municipalityId: number;
  editing: Editing;
  data: MunicipalityResult;
  onClose: () => void;
  onDone: () => void;
}) {
  const isComponent = editing.kind === 'component';
  const [value, setValue] = useState(String(isComponent ? editing.points : (editing.level ?? '')));
  const [reason, setReason] = useState('');
  const options = isComponent
    ? Array.from({ length: editing.component.maxPoints + 1 }, (_, points) => ({
        value: points,
        label: `${points} балл${points === 1 ? '' : points === 0 ? 'ов' : 'а'}`,
      }))
    : data.levels.map((l) => ({ value: l.code, label: l.label }));
  const { submit, pending, error, fieldErrors } = useSubmit(async () => {
    await api(`/api/campaigns/${campaignId}/results/${municipalityId}/overrides`, {
      method: 'POST',
      body: {
        mechanismCode: editing.mechanism.code,
        target: isComponent ? 'component_points' : 'mechanism_level',
        componentCode: isComponent ? editing.component.code : undefined,
        value: Number(value),
        reason,
      },
    });
    onDone();
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  return (
    <Modal title={isComponent ? `Баллы: ${editing.component.title}` : `Уровень механизма ${editing.mechanism.code}`} onClose={onClose}>
      <form onSubmit={onSubmit} className="form" noValidate>
        <p className="small muted">
          Рассчитанное значение сохранится рядом с вашим; изменение и причина попадут в журнал и в выгрузку результатов.
        </p>
        <SelectField
          label={isComponent ? 'Баллы компонента' : 'Уровень'}
          value={value}
          options={options}
          onChange={(e) => setValue(e.target.value)}
          required
        />
        <div className={fieldErrors.reason ? 'field invalid' : 'field'}>
          <label htmlFor="override-reason">
            Причина (обязательно)
            <span className="required" aria-hidden="true">
              {' '}
              *
            </span>
          </label>
          <textarea
            id="override-reason"
            rows={4}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            aria-invalid={fieldErrors.reason ? true : undefined}
            placeholder="Например: документ на сайте МОУО не найден; протоколы наблюдения представлены не по всем школам…"
          />
          {fieldErrors.reason ? <p className="field-error">{fieldErrors.reason}</p> : null}
        </div>
        {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
        <DialogActions
          action="Сохранить изменение"
          pendingAction="Сохранение…"
          pending={pending}
          disabled={value === ''}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
