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
}

export class FicheValidators {
  // allErrors: users see every problem of a draft at once; bodies are size-limited and strings bounded.
  readonly #ajv = createFicheAjv({ allErrors: true })
  readonly #cache = new Map<string, FicheValidator>()

  /**
   * `key` identifies the stored fiche (template_fiches.id): one compilation per version and fiche. The
   * definition is only loaded on a cache miss, so a write does not drag the whole compiled fiche along.
   */
  async get(key: string, load: () => Promise<CompiledFiche>): Promise<FicheValidator> {
    const cached = this.#cache.get(key)
    if (cached) return cached
    const fiche = await load()
    const validator: FicheValidator = {
      validate: this.#ajv.compile(fiche.schema),
      relevance: Object.entries(fiche.relevance).map(([itemId, predicate]) => [
        itemId,
        this.#ajv.compile(predicate),
      ]),
      itemIds: fiche.itemIds,
    }
    this.#cache.set(key, validator)
    return validator
  }

  get size() {
    return this.#cache.size
  }
}
