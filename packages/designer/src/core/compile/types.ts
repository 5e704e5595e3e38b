/**
 * What the compiler produces for each fiche: the contract between the designer, the server (which
 * stores and validates with it) and the runtime (which renders it).
 */
import type { FicheKind } from '../model/template-schema.ts'

/** A draft-07 JSON Schema, as plain JSON. */
export type JsonSchema = { [key: string]: unknown }

/** A JSON Forms UI schema element, as plain JSON. */
export type UiSchema = { type: string; [key: string]: unknown }

export interface CompiledFiche {
  ficheId: string
  kind: FicheKind
  title: string
  repeatable: boolean
  /** Draft-07, `additionalProperties: false`; each property carries `x-put-item`. */
  schema: JsonSchema
  /** JSON Forms UI schema: categorization per section for long fiches; rules share the schema's predicates. */
  uischema: UiSchema
  /** French texts keyed the JSON Forms way: `<item>.label`, `<item>.description`, `<item>.<code>`, … */
  i18n: Record<string, string>
  /** Top-level item ids in display order: the PUT fields this fiche collects (C7.2's denominator). */
  itemIds: string[]
  /**
   * For each item that is conditional (item, element or section `when`), the JSON Schema predicate on
   * the whole fiche data under which it is relevant. The server prunes values whose predicate fails.
   */
  relevance: Record<string, JsonSchema>
  /** sha256 (hex) of the canonical JSON of schema, uischema and i18n. */
  hash: string
}

export interface CompiledTemplate {
  programme: string
  version: string
  fiches: CompiledFiche[]
  /** sha256 (hex) over the fiches' hashes, in order. */
  hash: string
}
