import type { SaveBody, SaveResult } from '@server/modules/forms/forms.schemas';
import { ApiError } from '../lib/api';

/** A v4 UUID; crypto.randomUUID exists only on HTTPS and in newer browsers, getRandomValues everywhere. */
export function uuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type Answers = Record<string, unknown>;

/** What is on this computer and not yet confirmed by the server. */
export interface Draft {
  answers: Answers;
  currentPage: number;
  /** The server revision the draft was based on. */
  revision: number;
  savedAt: string;
}

export interface DraftStore {
  load(): Draft | null;
  save(draft: Draft): void;
  clear(): void;
}

/** A draft in localStorage; a browser that refuses storage (private mode, full disk) simply keeps no draft. */
export function localDraftStore(key: string): DraftStore {
  return {
    load() {
      try {
        const text = localStorage.getItem(key);
        return text ? (JSON.parse(text) as Draft) : null;
      } catch {
        return null;
      }
    },
    save(draft) {
      try {
        localStorage.setItem(key, JSON.stringify(draft));
      } catch {
        // no local copy possible; the server copy is still saved when online
      }
    },
    clear() {
      try {
        localStorage.removeItem(key);
      } catch {
        // nothing to clear
      }
    },
  };
}

export type SyncStatus =
  | { kind: 'saved'; at: string | null }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'offline' }
  | { kind: 'stopped'; error: ApiError };

export interface AutosaveOptions {
  save: (body: SaveBody) => Promise<SaveResult>;
  drafts: DraftStore;
  initial: { answers: Answers; currentPage: number; revision: number; updatedAt: string | null };
  onStatus: (status: SyncStatus) => void;
  /** The server has a newer version (another tab or device): the caller reloads it. */
  onConflict: (error: ApiError) => void;
  /** Pause after the last keystroke before saving. */
  delayMs?: number;
  /** Waits between retries while the connection is down. */
  retryMs?: number[];
  newSaveId?: () => string;
}

/**
 * Keeps a form in sync with the server: every change goes to a local draft at once and to the server a few
 * seconds later (or at once on a page change). One request at a time; a save that fails for lack of connection
 * is retried with growing pauses and whenever the browser comes back online. A save is retried with the same
 * id, so the server recognises a request it already applied.
 */
export class Autosave {
  private answers: Answers;
  private currentPage: number;
  private revision: number;
  private dirty = false;
  private inFlight: Promise<void> | null = null;
  private pendingSaveId: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private stopped = false;
  private readonly delayMs: number;
  private readonly retryMs: number[];
  private readonly newSaveId: () => string;
  private readonly onOnline = () => {
    if (this.dirty) void this.flush();
  };

  constructor(private readonly options: AutosaveOptions) {
    this.answers = options.initial.answers;
    this.currentPage = options.initial.currentPage;
    this.revision = options.initial.revision;
    this.delayMs = options.delayMs ?? 3000;
    this.retryMs = options.retryMs ?? [2000, 5000, 15000, 30000, 60000];
    this.newSaveId = options.newSaveId ?? uuid;
    if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
    options.onStatus({ kind: 'saved', at: options.initial.updatedAt });
  }

  /**
   * A draft left from an earlier visit on this computer, if it was based on what the server still has:
   * those answers never reached the server and should be restored and sent. Older drafts are dropped.
   */
  static recoverDraft(drafts: DraftStore, serverRevision: number): Draft | null {
    const draft = drafts.load();
    if (draft && draft.revision === serverRevision) return draft;
    if (draft) drafts.clear();
    return null;
  }

  get state() {
    return { answers: this.answers, currentPage: this.currentPage, revision: this.revision, dirty: this.dirty };
  }

  change(answers: Answers, currentPage: number, options: { immediate?: boolean } = {}) {
    if (this.stopped) return;
    this.answers = answers;
    this.currentPage = currentPage;
    this.dirty = true;
    this.pendingSaveId = null;
    this.options.drafts.save({ answers, currentPage, revision: this.revision, savedAt: new Date().toISOString() });
    this.options.onStatus({ kind: 'pending' });
    this.schedule(options.immediate ? 0 : this.delayMs);
  }

  /** Sends what is pending now; resolves once the server has it or the attempt failed. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    if (this.inFlight) await this.inFlight;
    if (!this.dirty || this.stopped) return;
    this.inFlight = this.send().finally(() => {
      this.inFlight = null;
    });
    await this.inFlight;
  }

  /** Starts over from a state the server confirmed (after a reload or a submit). */
  reset(state: { answers: Answers; currentPage: number; revision: number; updatedAt: string | null }) {
    clearTimeout(this.timer);
    this.answers = state.answers;
    this.currentPage = state.currentPage;
    this.revision = state.revision;
    this.dirty = false;
    this.pendingSaveId = null;
    this.failures = 0;
    this.options.drafts.clear();
    this.options.onStatus({ kind: 'saved', at: state.updatedAt });
  }

  /** No more saves: the form was submitted, or the server refuses writes. */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
  }

  private schedule(ms: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), ms);
  }

  private async send() {
    const answers = this.answers;
    const currentPage = this.currentPage;
    // The same id until the server answers: a retried request is recognised as the same save.
    this.pendingSaveId ??= this.newSaveId();
    const saveId = this.pendingSaveId;
    this.options.onStatus({ kind: 'saving' });
    try {
      const result = await this.options.save({ answers, currentPage, revision: this.revision, saveId });
      this.revision = result.revision;
      this.failures = 0;
      if (this.answers === answers && this.currentPage === currentPage) {
        this.dirty = false;
        this.pendingSaveId = null;
        this.options.drafts.clear();
        this.options.onStatus({ kind: 'saved', at: result.savedAt });
      } else {
        // Changed while the request was on its way: save again, based on the new revision.
        this.pendingSaveId = null;
        this.options.drafts.save({
          answers: this.answers,
          currentPage: this.currentPage,
          revision: this.revision,
          savedAt: new Date().toISOString(),
        });
        this.schedule(0);
      }
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(0, 'network', 'Нет связи с сервером.');
      if (apiError.status === 0 || apiError.status >= 500 || apiError.status === 429) {
        this.options.onStatus({ kind: 'offline' });
        this.schedule(this.retryMs[Math.min(this.failures++, this.retryMs.length - 1)]!);
        return;
      }
      // A reused save id carried other content: the server kept the first; reload it like a newer version.
      if (apiError.code === 'stale_revision' || apiError.code === 'save_id_reused') {
        this.options.drafts.clear();
        this.dirty = false;
        this.options.onConflict(apiError);
        return;
      }
      this.stop();
      this.options.onStatus({ kind: 'stopped', error: apiError });
    }
  }
}
