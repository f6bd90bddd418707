import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SaveBody } from '@server/modules/forms/forms.schemas';
import { ApiError } from '../lib/api';
import { Autosave, uuid, type Draft, type DraftStore, type SyncStatus } from './autosave';

function memoryDrafts(): DraftStore & { value: Draft | null } {
  return {
    value: null,
    load() {
      return this.value;
    },
    save(draft) {
      this.value = draft;
    },
    clear() {
      this.value = null;
    },
  };
}

function setup(save: (body: SaveBody) => Promise<{ revision: number; savedAt: string }>) {
  const drafts = memoryDrafts();
  const statuses: SyncStatus['kind'][] = [];
  const conflicts: ApiError[] = [];
  let ids = 0;
  const autosave = new Autosave({
    save,
    drafts,
    initial: { answers: {}, currentPage: 0, revision: 3, updatedAt: null },
    onStatus: (status) => statuses.push(status.kind),
    onConflict: (error) => conflicts.push(error),
    delayMs: 1000,
    retryMs: [100, 200],
    newSaveId: () => `save-${++ids}`,
  });
  return { autosave, drafts, statuses, conflicts };
}

describe('Autosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps a draft at once and saves after a pause, based on the last revision', async () => {
    const save = vi.fn(async (body: SaveBody) => ({ revision: body.revision + 1, savedAt: '2026-11-22T10:00:00Z' }));
    const { autosave, drafts, statuses } = setup(save);
    autosave.change({ q1: 'yes' }, 0);
    autosave.change({ q1: 'yes', q2: 'no' }, 0);
    expect(drafts.value).toMatchObject({ answers: { q1: 'yes', q2: 'no' }, revision: 3 });
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0]![0]).toEqual({ answers: { q1: 'yes', q2: 'no' }, currentPage: 0, revision: 3, saveId: 'save-1' });
    expect(drafts.value).toBeNull();
    expect(autosave.state).toMatchObject({ revision: 4, dirty: false });
    expect(statuses.at(-1)).toBe('saved');
  });

  it('saves at once on a page change', async () => {
    const save = vi.fn(async (body: SaveBody) => ({ revision: body.revision + 1, savedAt: 'now' }));
    const { autosave } = setup(save);
    autosave.change({ q1: 'yes' }, 1, { immediate: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('retries with the same save id while offline, and sends when the connection returns', async () => {
    let online = false;
    const save = vi.fn(async (body: SaveBody) => {
      if (!online) throw new ApiError(0, 'network', 'Нет связи');
      return { revision: body.revision + 1, savedAt: 'now' };
    });
    const { autosave, drafts, statuses } = setup(save);
    autosave.change({ q1: 'yes' }, 0, { immediate: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses).toContain('offline');
    expect(drafts.value).not.toBeNull();
    await vi.advanceTimersByTimeAsync(100);
    online = true;
    await vi.advanceTimersByTimeAsync(200);
    expect(save.mock.calls.map((call) => call[0].saveId)).toEqual(['save-1', 'save-1', 'save-1']);
    expect(autosave.state).toMatchObject({ revision: 4, dirty: false });
    expect(drafts.value).toBeNull();
  });

  it('saves again when answers change while a save is on its way', async () => {
    let release!: () => void;
    const save = vi.fn(
      (body: SaveBody) =>
        new Promise<{ revision: number; savedAt: string }>((resolve) => {
          release = () => resolve({ revision: body.revision + 1, savedAt: 'now' });
        }),
    );
    const { autosave } = setup(save);
    autosave.change({ q1: 'a' }, 0, { immediate: true });
    await vi.advanceTimersByTimeAsync(0);
    autosave.change({ q1: 'b' }, 0, { immediate: true });
    release();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(0);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(save.mock.calls.map((call) => [call[0].answers.q1, call[0].revision])).toEqual([
      ['a', 3],
      ['b', 4],
    ]);
    expect(autosave.state).toMatchObject({ revision: 5, dirty: false });
  });

  it('hands a stale revision to the caller and stops on a refusal', async () => {
    const stale = setup(async () => {
      throw new ApiError(409, 'stale_revision', 'Анкета уже изменена');
    });
    stale.autosave.change({ q1: 'a' }, 0, { immediate: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(stale.conflicts.map((e) => e.code)).toEqual(['stale_revision']);
    expect(stale.drafts.value).toBeNull();

    const refuse = vi.fn(async () => {
      throw new ApiError(403, 'campaign_closed', 'Приём анкет завершён');
    });
    const closed = setup(refuse);
    closed.autosave.change({ q1: 'a' }, 0, { immediate: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(closed.statuses.at(-1)).toBe('stopped');
    closed.autosave.change({ q1: 'b' }, 0, { immediate: true });
    await vi.advanceTimersByTimeAsync(5000);
    expect(refuse).toHaveBeenCalledTimes(1);
  });

  it('keeps the unsent answers as a draft of the same revision when the code was replaced', async () => {
    const replaced = setup(async () => {
      throw new ApiError(401, 'code_replaced', 'Код заменён новым — ответы сохранены, войдите с новым кодом.');
    });
    replaced.autosave.change({ q1: 'typed after the reissue' }, 2, { immediate: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(replaced.statuses.at(-1)).toBe('stopped');
    // Back in with the new code, the server still has revision 3: the draft is recovered and sent.
    expect(Autosave.recoverDraft(replaced.drafts, 3)).toMatchObject({ answers: { q1: 'typed after the reissue' }, currentPage: 2 });
  });

  it('recovers a draft only if it was based on what the server still has', () => {
    const drafts = memoryDrafts();
    drafts.save({ answers: { q1: 'a' }, currentPage: 2, revision: 5, savedAt: 'x' });
    expect(Autosave.recoverDraft(drafts, 5)).toMatchObject({ currentPage: 2 });
    expect(Autosave.recoverDraft(drafts, 6)).toBeNull();
    expect(drafts.value).toBeNull();
  });

  it('makes version 4 UUIDs without randomUUID', () => {
    expect(uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
