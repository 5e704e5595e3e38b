/**
 * Typed data that the server has not acknowledged yet, kept in this browser (localStorage, one entry per
 * fiche) until a save succeeds: closing the tab, losing the network or a refused save never loses it.
 */
import type { FicheData } from '../api/types.ts'

export interface LocalDraft {
  /** The server revision the edits started from. */
  baseRevisionId: string
  /** That revision's data, for a three-way merge if the fiche moved on meanwhile. */
  baseData: FicheData
  data: FicheData
  updatedAt: string
}

/** The storage the editor uses (window.localStorage, or a fake in tests). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

const key = (ficheInstanceId: string) => `openput.fiche-draft.${ficheInstanceId}`

export function readLocalDraft(
  storage: DraftStorage | undefined,
  ficheInstanceId: string,
): LocalDraft | undefined {
  try {
    const text = storage?.getItem(key(ficheInstanceId))
    if (!text) return undefined
    const draft = JSON.parse(text) as LocalDraft
    return typeof draft.baseRevisionId === 'string' && draft.data && typeof draft.data === 'object'
      ? draft
      : undefined
  } catch {
    return undefined
  }
}

/** False when the browser refused (storage full or disabled): the editor then says so. */
export function writeLocalDraft(
  storage: DraftStorage | undefined,
  ficheInstanceId: string,
  draft: LocalDraft,
) {
  try {
    if (!storage) return false
    storage.setItem(key(ficheInstanceId), JSON.stringify(draft))
    return true
  } catch {
    return false
  }
}

export function clearLocalDraft(storage: DraftStorage | undefined, ficheInstanceId: string) {
  try {
    storage?.removeItem(key(ficheInstanceId))
  } catch {
    // Nothing to clear.
  }
}

export function browserStorage(): DraftStorage | undefined {
  try {
    return window.localStorage
  } catch {
    return undefined
  }
}
