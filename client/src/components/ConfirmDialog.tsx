import type { ReactNode } from 'react';
import { useSubmit } from '../lib/use-submit';
import { DialogActions, ErrorNotice, Modal } from './ui';

/** Asks before an action that cannot be undone, saying what will happen; shows the server's refusal in place. */
export function ConfirmDialog({
  title,
  text,
  action,
  run,
  onDone,
  onClose,
}: {
  title: string;
  text: ReactNode;
  action: string;
  run: () => Promise<unknown>;
  onDone: () => void;
  onClose: () => void;
}) {
  const { submit, pending, error } = useSubmit(async () => {
    await run();
    onDone();
  });
  return (
    <Modal title={title} onClose={onClose}>
      <div className="confirm-text">{text}</div>
      <ErrorNotice error={error} />
      <DialogActions action={action} pendingAction="Выполняется…" pending={pending} onAction={() => void submit()} onCancel={onClose} />
    </Modal>
  );
}
