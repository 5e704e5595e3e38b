/**
 * ajv validators of published fiches, compiled once per template version's fiche and kept for the life of
 * the process (compiling costs tens of ms; validating, tens of µs). Published fiches never change, so the
 * cache never needs invalidating.
 */
import type { ValidateFunction } from 'ajv'
import type { CompiledFiche } from '../templates/designer.ts'
import { createFicheAjv } from '../templates/designer.ts'

export interface FicheValidator {
  /** The fiche's schema: types, ranges, required items, additionalProperties false (C1.1). */
  validate: ValidateFunction
  /** For each conditional item, its relevance predicate over the whole fiche data. */
  relevance: [itemId: string, predicate: ValidateFunction][]
  itemIds: string[]
  /** The item whose value dates the fiche (template_fiches.date_item); null when it has none. */
  dateItem: string | null
}

/** A published fiche as the cache loads it: its compiled definition and its date item. */
export interface StoredFiche {
  definition: CompiledFiche
  dateItem: string | null
}

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/

/** The fiche's own date: its date item's value when that is a calendar day (what head_date stores). */
export const ownDateOf = (validator: Pick<FicheValidator, 'dateItem'>, data: Record<string, unknown>) => {
  const value = validator.dateItem ? data[validator.dateItem] : undefined
  return typeof value === 'string' && CALENDAR_DAY.test(value) ? value : null
}

export class FicheValidators {
  // allErrors: users see every problem of a draft at once; bodies are size-limited and strings bounded.
  readonly #ajv = createFicheAjv({ allErrors: true })
  readonly #cache = new Map<string, FicheValidator>()

  /**
   * `key` identifies the stored fiche (template_fiches.id): one compilation per version and fiche. The
   * definition is only loaded on a cache miss, so a write does not drag the whole compiled fiche along.
   */
  async get(key: string, load: () => Promise<StoredFiche>): Promise<FicheValidator> {
    const cached = this.#cache.get(key)
    if (cached) return cached
    const { definition: fiche, dateItem } = await load()
    const validator: FicheValidator = {
      validate: this.#ajv.compile(fiche.schema),
      relevance: Object.entries(fiche.relevance).map(([itemId, predicate]) => [
        itemId,
        this.#ajv.compile(predicate),
      ]),
      itemIds: fiche.itemIds,
      dateItem,
    }
    this.#cache.set(key, validator)
    return validator
  }

  get size() {
    return this.#cache.size
  }
}
