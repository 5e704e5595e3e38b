/**
 * Option codes are what is stored and exported (CSV, CDISC ODM), and they must stay the same across
 * versions: letters without accents, digits, `_` and `-` only, so no export or tool ever mangles them.
 */
import { templateFacts } from './template-facts.ts'
import type { Check, Hit } from './types.ts'

export const SAFE_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/

export const optionCodeFormat: Check = (template, facts = templateFacts(template)) =>
  facts.items.flatMap(({ item, path }) =>
    (item.options ?? []).flatMap((option, o): Hit[] =>
      SAFE_CODE.test(option.code)
        ? []
        : [{ path: [...path, 'options', o, 'code'], params: { item: item.id, code: option.code } }],
    ),
  )
