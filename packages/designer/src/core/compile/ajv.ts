/**
 * The one ajv configuration compiled fiches are validated with, on the server and in tests: ajv 8,
 * draft-07, ajv-formats, default strict mode, our `x-` annotation keywords declared, no `$data`.
 */
import Ajv from 'ajv'
import addFormats from 'ajv-formats'

/** Annotation keywords the compiler writes into fiche schemas; ajv's strict mode refuses any other. */
export const OPENPUT_SCHEMA_KEYWORDS = ['x-put-item'] as const

export interface FicheAjvOptions {
  /** Report every error (form feedback) rather than stop at the first (cheaper, for plain accept/reject). */
  allErrors?: boolean
}

// `strict` is left unset on purpose: `strict: true` adds strictRequired, which rejects the standard
// `then: { required: [...] }` of conditional items.
export function createFicheAjv(options: FicheAjvOptions = {}): Ajv {
  const ajv = new Ajv({ allErrors: options.allErrors ?? false })
  addFormats(ajv)
  ajv.addVocabulary([...OPENPUT_SCHEMA_KEYWORDS])
  return ajv
}
