/**
 * A condition compares an answer with a value of the answer's own kind: a code of the choice, true or
 * false for yes/no, a number for numbers. Otherwise the test never holds and its question never shows.
 */
import { choiceOptions } from '../compile/choices.ts'
import type { ColumnItem, Item, Template } from '../model/template-schema.ts'
import { type LeafCondition, templateFacts } from './template-facts.ts'
import type { Check, Hit, Params } from './types.ts'

type Value = string | number | boolean

export const conditionTypeMismatch: Check = (template, facts = templateFacts(template)) =>
  facts.conditions.flatMap(({ leaf, path, source }): Hit[] => {
    // An item the condition cannot read is `dangling-reference`'s to report.
    if (!source) return []
    const problem = mismatch(leaf, source, template)
    return problem ? [{ path, params: { item: leaf.item, type: source.type, ...problem } }] : []
  })

function mismatch(leaf: LeafCondition, source: Item | ColumnItem, template: Template): Params | undefined {
  if ('filled' in leaf) return undefined
  // A repeated item's value is a list of rows: only whether it has any can be tested.
  if (source.type === 'repeat') return { reason: 'repeat-source', operator: operator(leaf) }
  if ('atLeast' in leaf || 'atMost' in leaf) {
    return isNumeric(source) ? undefined : { reason: 'not-numeric-source', operator: operator(leaf) }
  }
  const codes = choiceOptions(source, template.metadata).map((o) => o.code)
  if ('includes' in leaf) {
    if (source.type !== 'multiple-choice') return { reason: 'includes-not-multiple', operator: 'includes' }
    return codes.includes(leaf.includes) ? undefined : { reason: 'unknown-code', value: leaf.includes, codes }
  }
  if (source.type === 'multiple-choice') return { reason: 'use-includes', operator: operator(leaf) }
  const values: Value[] = 'equals' in leaf ? [leaf.equals] : 'notEquals' in leaf ? [leaf.notEquals] : leaf.in
  for (const value of values) {
    const problem = wrongValue(value, source, codes)
    if (problem) return { ...problem, value: String(value) }
  }
  return undefined
}

function wrongValue(value: Value, source: Item | ColumnItem, codes: string[]): Params | undefined {
  if (source.type === 'yes-no') return typeof value === 'boolean' ? undefined : { reason: 'not-boolean' }
  if (isNumeric(source)) return typeof value === 'number' ? undefined : { reason: 'not-number' }
  if (source.type === 'single-choice') {
    if (!codes.includes(String(value))) return { reason: 'unknown-code', codes }
    // YAML reads an unquoted 9000001 or true as a number or a boolean, never equal to the code "9000001".
    return typeof value === 'string' ? undefined : { reason: 'code-not-quoted' }
  }
  return typeof value === 'string' ? undefined : { reason: 'not-string' }
}

function isNumeric(item: Item | ColumnItem): boolean {
  return item.type === 'integer' || item.type === 'decimal'
}

function operator(leaf: LeafCondition): string {
  return Object.keys(leaf).find((key) => key !== 'item') ?? ''
}
