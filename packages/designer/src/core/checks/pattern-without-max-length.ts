/**
 * A text checked against its own pattern must state its maximum length: a regular expression costs time
 * in proportion to the input, and ajv's secure meta-schema asks for `maxLength` next to `pattern`.
 */
import { templateFacts } from './template-facts.ts'
import type { Check, Hit } from './types.ts'

// `format` alone is not flagged: each format (email, phone, rpps, finess) brings its own exact maximum
// length in the compiler (compile/item-schema.ts, TEXT_FORMATS), so the schema is bounded anyway.
export const patternWithoutMaxLength: Check = (template, facts = templateFacts(template)) =>
  facts.items.flatMap(({ item, path }): Hit[] =>
    item.pattern !== undefined &&
    item.maxLength === undefined &&
    (item.type === 'text' || item.type === 'long-text')
      ? [{ path: [...path, 'pattern'], params: { item: item.id, pattern: item.pattern } }]
      : [],
  )
