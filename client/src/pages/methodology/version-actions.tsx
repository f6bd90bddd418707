import { useState } from 'react';
import type { MethodologyVersionSummary } from '@server/modules/methodology/versions.schemas';
import type { Region } from '@server/modules/regions/regions.schemas';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DialogActions, ErrorNotice, Modal, SelectField } from '../../components/ui';
import { api, ApiError } from '../../lib/api';
import { navigate } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';

// Actions on a methodology version shared by the list and the editor: make a draft from it, publish, retire.

export const versionPath = (id: string) => `/methodology/versions/${encodeURIComponent(id)}`;
const apiPath = (id: string, action: string) => `/api/methodologies/${encodeURIComponent(id)}/${action}`;

export interface VersionResult {
  version: MethodologyVersionSummary;
  problems: Array<{ path: string; message: string }>;
}

/** The problems a 422 answer of the methodology API names (save, upload, publish), or undefined. */
export function problemsOf(error: unknown): VersionResult['problems'] | undefined {
  if (!(error instanceof ApiError) || error.status !== 422) return undefined;
  const problems = (error.details as { problems?: unknown } | undefined)?.problems;
  return Array.isArray(problems) ? (problems as VersionResult['problems']) : undefined;
}

/** «Создать черновик на основе»: an administrator says for which region; a coordinator's is their own. */
export function ForkDialog({ version, onClose }: { version: MethodologyVersionSummary; onClose: () => void }) {
  const me = useMe();
  const isAdmin = me.role === 'admin';
  const regions = useApi<Region[]>(isAdmin ? '/api/regions' : null);
  const [regionId, setRegionId] = useState(version.regionId !== null ? String(version.regionId) : '');
  const { submit, pending, error } = useSubmit(async () => {
    const result = await api<VersionResult>(apiPath(version.id, 'fork'), {
      method: 'POST',
      query: isAdmin ? { regionId } : undefined,
    });
    navigate(versionPath(result.version.id));
  });
  return (
    <Modal title="Создать черновик" onClose={onClose}>
      <p>
        Черновик — копия версии «{version.title}» ({version.version}), которую можно править. Исходная версия не изменится.
      </p>
      {isAdmin ? (
        <SelectField
          label="Регион черновика"
          required
          value={regionId}
          placeholder="Выберите регион"
          options={(regions.data ?? []).map((region) => ({ value: region.id, label: region.name }))}
          onChange={(event) => setRegionId(event.target.value)}
        />
      ) : null}
      <ErrorNotice error={error} />
      <DialogActions
        action="Создать черновик"
        pendingAction="Создание…"
        pending={pending}
        disabled={isAdmin && !regionId}
        onAction={() => void submit()}
        onCancel={onClose}
      />
    </Modal>
  );
}

export type StateAction = 'publish' | 'retire';

const stateActions: Record<StateAction, { title: string; action: string; text: string }> = {
  publish: {
    title: 'Опубликовать версию',
    action: 'Опубликовать',
    text: 'После публикации версию нельзя изменить; её можно выбрать при создании кампании региона.',
  },
  retire: {
    title: 'Вывести версию из употребления',
    action: 'Вывести',
    text: 'Новые кампании не смогут её выбрать; кампании, которые уже идут по ней, сохранят её.',
  },
};

export function StateDialog({
  version,
  action,
  onDone,
  onClose,
  onProblems,
}: {
  version: MethodologyVersionSummary;
  action: StateAction;
  onDone: () => void;
  onClose: () => void;
  /** A refused publication names the problems (422): the editor shows them at their fields. */
  onProblems?: (problems: VersionResult['problems']) => void;
}) {
  const texts = stateActions[action];
  const run = async () => {
    try {
      await api(apiPath(version.id, action), { method: 'POST' });
    } catch (error) {
      const problems = problemsOf(error);
      if (problems) onProblems?.(problems);
      throw error;
    }
  };
  return (
    <ConfirmDialog
      title={texts.title}
      text={
        <p>
          «{version.title}» ({version.version}). {texts.text}
        </p>
      }
      action={texts.action}
      run={run}
      onDone={onDone}
      onClose={onClose}
    />
  );
}
