import { describe, expect, it } from 'vitest'
import { ApiError, networkError } from '../api/problem.ts'
import type { Fiche, FicheData, FicheRevision } from '../api/types.ts'
import { DraftSaver, SAVE_DELAY_MS, type SaverDeps, type SaveStatus } from './draft-saver.ts'
import { readLocalDraft } from './local-drafts.ts'

/** A hand-driven clock: timers fire only when the test advances time. */
function fakeWorld() {
  let now = 0
  let nextHandle = 1
  const timers = new Map<number, { at: number; run: () => void }>()
  const store = new Map<string, string>()
  const calls: { base: string; data: FicheData; key: string }[] = []
  let answer: (call: { base: string; data: FicheData }) => Promise<Fiche> = async () => {
    throw new Error('no answer set')
  }
  let revision = 0
  const deps: SaverDeps = {
    saveDraft: (base, data, key) => {
      calls.push({ base, data, key })
      return answer({ base, data })
    },
    storage: {
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => void store.set(k, v),
      removeItem: (k) => void store.delete(k),
    },
    newKey: () => `key-${calls.length}-${nextHandle++}`,
    now: () => new Date(now),
    setTimer: (run, ms) => {
      const handle = nextHandle++
      timers.set(handle, { at: now + ms, run })
      return handle
    },
    clearTimer: (handle) => void timers.delete(handle as number),
  }
  const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0))
  return {
    deps,
    calls,
    store,
    answers: (fn: typeof answer) => {
      answer = fn
    },
    accept: () => {
      answer = async ({ data }) => fiche(`rev-${++revision}`, data)
    },
    async advance(ms: number) {
      now += ms
      for (const [handle, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at <= now) {
          timers.delete(handle)
          timer.run()
          // biome-ignore lint/performance/noAwaitInLoops: timers fire in order, each save settling before the next
          await flushPromises()
        }
      }
      await flushPromises()
    },
  }
}

const revisionOf = (id: string, data: FicheData): FicheRevision => ({
  id,
  seq: 2,
  baseRevisionId: null,
  kind: 'draft',
  data,
  authorId: 'u',
  establishmentId: 'e',
  source: 'direct',
  pruned: {},
  warnings: [],
  missingCount: 0,
  createdAt: '2026-11-23T12:00:00Z',
})

const fiche = (headId: string, data: FicheData): Fiche => ({
  id: 'f1',
  enrolmentId: 'en',
  templateVersionId: 'tv',
  ficheId: 'fat',
  kind: 'fat',
  plannedVisitId: null,
  status: 'draft',
  head: revisionOf(headId, data),
})

const problemError = (status: number, code: string, params: Record<string, unknown> = {}) =>
  new ApiError('problem', status, code, { type: '', title: 'Refus', status, detail: code, code, params })

function track(saver: DraftSaver) {
  const seen: SaveStatus['kind'][] = []
  saver.subscribe((s) => seen.push(s.kind))
  return seen
}

describe('autosave of a fiche', () => {
  it('saves after a pause, on the revision it started from, then forgets the local copy', async () => {
    const w = fakeWorld()
    w.accept()
    const saver = new DraftSaver('f1', { id: 'rev-0', data: {} }, w.deps)
    const seen = track(saver)
    saver.edit({ poids: 70 })
    expect(readLocalDraft(w.deps.storage, 'f1')?.data).toEqual({ poids: 70 })
    await w.advance(SAVE_DELAY_MS - 1)
    expect(w.calls).toEqual([])
    await w.advance(1)
    expect(w.calls.map((c) => [c.base, c.data])).toEqual([['rev-0', { poids: 70 }]])
    expect(seen).toEqual(['pending', 'saving', 'saved'])
    expect(saver.baseRevisionId).toBe('rev-1')
    expect(readLocalDraft(w.deps.storage, 'f1')).toBeUndefined()
  })

  it('keeps the data and retries with growing delays and the same idempotency key while the server is unreachable', async () => {
    const w = fakeWorld()
    w.answers(async () => {
      throw networkError()
    })
    const saver = new DraftSaver('f1', { id: 'rev-0', data: {} }, w.deps)
    saver.edit({ poids: 70 })
    await w.advance(SAVE_DELAY_MS)
    expect(saver.current).toMatchObject({ kind: 'offline', attempt: 1, retryInMs: 1000 })
    await w.advance(1000)
    expect(saver.current).toMatchObject({ kind: 'offline', attempt: 2, retryInMs: 2000 })
    expect(readLocalDraft(w.deps.storage, 'f1')?.data).toEqual({ poids: 70 })
    w.accept()
    await w.advance(2000)
    expect(saver.current.kind).toBe('saved')
    expect(w.calls).toHaveLength(3)
    expect(new Set(w.calls.map((c) => c.key)).size).toBe(1)
    expect(readLocalDraft(w.deps.storage, 'f1')).toBeUndefined()
  })

  it('sends what was typed while offline with the next retry', async () => {
    const w = fakeWorld()
    w.answers(async () => {
      throw problemError(503, 'database-unavailable')
    })
    const saver = new DraftSaver('f1', { id: 'rev-0', data: {} }, w.deps)
    saver.edit({ poids: 70 })
    await w.advance(SAVE_DELAY_MS)
    saver.edit({ poids: 70, taille: 170 })
    w.accept()
    await w.advance(1000)
    expect(w.calls.at(-1)?.data).toEqual({ poids: 70, taille: 170 })
    expect(saver.current.kind).toBe('saved')
  })

  it('stops on a stale revision with the current one, and saves the merge on top of it', async () => {
    const w = fakeWorld()
    const current = revisionOf('rev-9', { taille: 171 })
    w.answers(async () => {
      throw problemError(409, 'stale-revision', { current })
    })
    const saver = new DraftSaver('f1', { id: 'rev-0', data: {} }, w.deps)
    saver.edit({ poids: 70 })
    await w.advance(SAVE_DELAY_MS)
    expect(saver.current).toMatchObject({ kind: 'conflict', current })
    await w.advance(60_000)
    expect(w.calls).toHaveLength(1)
    w.accept()
    saver.resolveConflict(current, { poids: 70, taille: 171 })
    await w.advance(0)
    expect(w.calls.at(-1)).toMatchObject({ base: 'rev-9', data: { poids: 70, taille: 171 } })
    expect(saver.current.kind).toBe('saved')
  })

  it('keeps the data and says why when the server refuses the save', async () => {
    const w = fakeWorld()
    w.answers(async () => {
      throw problemError(403, 'forbidden')
    })
    const saver = new DraftSaver('f1', { id: 'rev-0', data: {} }, w.deps)
    saver.edit({ poids: 70 })
    await w.advance(SAVE_DELAY_MS)
    expect(saver.current).toMatchObject({ kind: 'refused', problemCode: 'forbidden' })
    await w.advance(60_000)
    expect(w.calls).toHaveLength(1)
    expect(readLocalDraft(w.deps.storage, 'f1')?.data).toEqual({ poids: 70 })
  })

  it('saves edits made while a save was on its way, on the revision that save created', async () => {
    const w = fakeWorld()
    let release: (f: Fiche) => void = () => {}
    w.answers(() => new Promise<Fiche>((resolve) => (release = resolve)))
    const saver = new DraftSaver('f1', { id: 'rev-0', data: {} }, w.deps)
    saver.edit({ poids: 70 })
    await w.advance(SAVE_DELAY_MS)
    saver.edit({ poids: 71 })
    release(fiche('rev-1', { poids: 70 }))
    await w.advance(0)
    w.accept()
    await w.advance(SAVE_DELAY_MS)
    expect(w.calls.map((c) => [c.base, c.data])).toEqual([
      ['rev-0', { poids: 70 }],
      ['rev-1', { poids: 71 }],
    ])
    expect(saver.current.kind).toBe('saved')
  })

  it('sends data restored from the browser at once', async () => {
    const w = fakeWorld()
    w.accept()
    const saver = new DraftSaver('f1', { id: 'rev-0', data: {} }, w.deps, { poids: 70 })
    expect(saver.unsaved).toBe(true)
    await w.advance(0)
    // Nothing leaves before the editor is on the page.
    expect(w.calls).toEqual([])
    saver.activate()
    await w.advance(0)
    expect(w.calls.map((c) => c.data)).toEqual([{ poids: 70 }])
  })
})
