/**
 * Autosave of one fiche: each edit is written to this browser at once, then sent as a draft revision
 * (PUT /api/fiches/{id}/draft, naming its base revision) after a short pause. A save that fails for a
 * reason that may pass (network, server unavailable) is retried with growing delays, with the same
 * idempotency key so a save whose answer was lost is not written twice; a stale base (409) stops and
 * asks for a merge; any other refusal stops and says why. The data stays in the browser until the server
 * has it. No React here: the editor subscribes to the status.
 */
import { ApiError, isRetryable } from '../api/problem.ts'
import type { Fiche, FicheData, FicheRevision } from '../api/types.ts'
import { clearLocalDraft, type DraftStorage, writeLocalDraft } from './local-drafts.ts'
import { sameValue } from './merge.ts'

export type SaveStatus =
  | { kind: 'saved'; at: Date | undefined }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'offline'; attempt: number; retryInMs: number; message: string }
  | { kind: 'conflict'; current: FicheRevision | undefined; message: string }
  | { kind: 'refused'; message: string; problemCode: string | undefined }

export interface SaverDeps {
  saveDraft(baseRevisionId: string, data: FicheData, idempotencyKey: string): Promise<Fiche>
  storage: DraftStorage | undefined
  newKey(): string
  now(): Date
  setTimer(callback: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
}

/** Pause after the last edit before a save is sent. */
export const SAVE_DELAY_MS = 800
/** Retry delays after a failed save: 1 s, 2 s, 4 s… up to 30 s. */
export const retryDelay = (attempt: number) => Math.min(30_000, 1000 * 2 ** (attempt - 1))

export class DraftSaver {
  private base: { id: string; data: FicheData; seq: number | undefined }
  private data: FicheData
  private status: SaveStatus
  private timer: unknown
  private inFlight: Promise<void> | undefined
  private attempt = 0
  /** The idempotency key of the payload being sent, reused by its retries. */
  private pendingKey: { key: string; data: FicheData } | undefined
  private readonly listeners = new Set<(status: SaveStatus) => void>()
  private disposed = false
  private started = false

  constructor(
    private readonly ficheInstanceId: string,
    head: { id: string; data: FicheData; seq?: number },
    private readonly deps: SaverDeps,
    /** Data restored from this browser, still to be saved. */
    restored?: FicheData,
  ) {
    this.base = { id: head.id, data: head.data, seq: head.seq }
    this.data = restored ?? head.data
    this.status = { kind: 'saved', at: undefined }
    // Restored data is sent once the editor is on the page (activate): a constructor has no side effects,
    // React may build and drop an instance (StrictMode).
    if (restored && !sameValue(restored, head.data)) this.status = { kind: 'pending' }
  }

  get current(): SaveStatus {
    return this.status
  }

  get baseRevisionId(): string {
    return this.base.id
  }

  /** The number of the revision the data stands on, when known. */
  get baseSeq(): number | undefined {
    return this.base.seq
  }

  get baseData(): FicheData {
    return this.base.data
  }

  get unsaved(): boolean {
    return !sameValue(this.data, this.base.data)
  }

  subscribe(listener: (status: SaveStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** A change in the form: kept in the browser now, saved after a pause. */
  edit(data: FicheData) {
    if (this.disposed || sameValue(data, this.data)) return
    this.data = data
    this.keepLocally()
    if (this.status.kind === 'conflict' || this.status.kind === 'refused') return
    if (this.status.kind === 'offline') return // the retry already scheduled sends the latest data
    this.setStatus({ kind: 'pending' })
    this.schedule(SAVE_DELAY_MS)
  }

  /** Send now (leaving the page, before submitting); resolves once the server has the data or refused it. */
  async flush(): Promise<void> {
    this.cancelTimer()
    await this.inFlight
    if (this.unsaved && this.status.kind !== 'conflict' && this.status.kind !== 'refused') await this.send()
  }

  /** The user merged with the current revision: that revision is the new base, the merge is my data. */
  resolveConflict(current: FicheRevision, merged: FicheData) {
    this.base = { id: current.id, data: current.data, seq: current.seq }
    this.data = merged
    this.attempt = 0
    this.pendingKey = undefined
    if (this.unsaved) {
      this.keepLocally()
      this.setStatus({ kind: 'pending' })
      this.schedule(0)
    } else {
      clearLocalDraft(this.deps.storage, this.ficheInstanceId)
      this.setStatus({ kind: 'saved', at: this.deps.now() })
    }
  }

  /** Another write (a submit) moved the head to this revision with this data. */
  rebase(head: FicheRevision) {
    this.base = { id: head.id, data: head.data, seq: head.seq }
    this.pendingKey = undefined
    if (!this.unsaved) {
      clearLocalDraft(this.deps.storage, this.ficheInstanceId)
      this.setStatus({ kind: 'saved', at: this.deps.now() })
    }
  }

  /** After a refusal: try again with the same data (the user fixed what was refused, or wants to retry). */
  retry() {
    this.attempt = 0
    this.setStatus({ kind: 'pending' })
    this.schedule(0)
  }

  /** The editor left the page: no timer fires any more (what is unsaved stays in the browser). */
  dispose() {
    this.disposed = true
    this.cancelTimer()
  }

  /** The editor is (again) on the page: React may unmount and remount it (StrictMode, fast refresh). */
  activate() {
    if (this.started && !this.disposed) return
    this.started = true
    this.disposed = false
    if (this.unsaved && (this.status.kind === 'pending' || this.status.kind === 'offline')) {
      this.keepLocally()
      this.schedule(0)
    }
  }

  private keepLocally() {
    writeLocalDraft(this.deps.storage, this.ficheInstanceId, {
      baseRevisionId: this.base.id,
      baseData: this.base.data,
      data: this.data,
      updatedAt: this.deps.now().toISOString(),
    })
  }

  private setStatus(status: SaveStatus) {
    this.status = status
    for (const listener of this.listeners) listener(status)
  }

  private cancelTimer() {
    if (this.timer !== undefined) this.deps.clearTimer(this.timer)
    this.timer = undefined
  }

  private schedule(ms: number) {
    this.cancelTimer()
    this.timer = this.deps.setTimer(() => {
      this.timer = undefined
      void this.send()
    }, ms)
  }

  private send(): Promise<void> {
    if (this.inFlight) {
      // One save at a time: the one in flight reschedules if the data moved on.
      return this.inFlight
    }
    const promise = this.sendOnce().finally(() => {
      this.inFlight = undefined
    })
    this.inFlight = promise
    return promise
  }

  private async sendOnce() {
    if (this.disposed || !this.unsaved) {
      if (!this.disposed && this.status.kind !== 'saved')
        this.setStatus({ kind: 'saved', at: this.deps.now() })
      return
    }
    const data = this.data
    if (!this.pendingKey || !sameValue(this.pendingKey.data, data)) {
      this.pendingKey = { key: this.deps.newKey(), data }
    }
    this.setStatus({ kind: 'saving' })
    try {
      const fiche = await this.deps.saveDraft(this.base.id, data, this.pendingKey.key)
      // The server has it, even if the editor has left the page meanwhile.
      this.base = { id: fiche.head.id, data, seq: fiche.head.seq }
      this.pendingKey = undefined
      this.attempt = 0
      if (this.disposed) {
        if (!this.unsaved) clearLocalDraft(this.deps.storage, this.ficheInstanceId)
        return
      }
      if (this.unsaved) {
        // Edited while the save was on its way: send the rest.
        this.keepLocally()
        this.setStatus({ kind: 'pending' })
        this.schedule(SAVE_DELAY_MS)
      } else {
        clearLocalDraft(this.deps.storage, this.ficheInstanceId)
        this.setStatus({ kind: 'saved', at: this.deps.now() })
      }
    } catch (error) {
      if (this.disposed) return
      this.keepLocally()
      if (error instanceof ApiError && error.code === 'stale-revision') {
        const current = (error.problem?.params.current ?? undefined) as FicheRevision | undefined
        this.setStatus({ kind: 'conflict', current, message: error.userMessage })
      } else if (isRetryable(error) || !(error instanceof ApiError)) {
        this.attempt += 1
        const retryInMs = retryDelay(this.attempt)
        this.setStatus({
          kind: 'offline',
          attempt: this.attempt,
          retryInMs,
          message:
            error instanceof ApiError ? error.userMessage : 'Enregistrement impossible pour le moment.',
        })
        this.schedule(retryInMs)
      } else {
        this.setStatus({ kind: 'refused', message: error.userMessage, problemCode: error.code })
      }
    }
  }
}
