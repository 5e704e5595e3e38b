/**
 * Conditions as the designer shows them: « Afficher quand « Sexe » vaut « Féminin » », with the items'
 * labels and the options' labels instead of ids and codes, for lab users who do not read YAML.
 */
import { indexCatalogue } from '../model/catalogue.ts'
import type { Condition, Template } from '../model/template-schema.ts'

/** The simple conditions the designer edits with a form (compound ones are shown, not edited there). */
export const SIMPLE_OPERATORS = ['equals', 'notEquals', 'filled', 'atLeast', 'atMost', 'includes'] as const
export type SimpleOperator = (typeof SIMPLE_OPERATORS)[number]

export const OPERATOR_WORDS: Record<SimpleOperator, string> = {
  equals: 'vaut',
  notEquals: 'ne vaut pas',
  filled: 'est renseigné',
  atLeast: 'est au moins',
  atMost: 'est au plus',
  includes: 'comprend',
}

const quote = (s: string) => `« ${s} »`

/** The condition in French words, using the labels of the template's catalogue. */
export function conditionInWords(condition: Condition, template: Template): string {
  const index = indexCatalogue(template)
  const words = (c: Condition): string => {
    if ('all' in c) return c.all.map(words).join(' et ')
    if ('any' in c) return `(${c.any.map(words).join(' ou ')})`
    if ('not' in c) return `non (${words(c.not)})`
    const item = index.get(c.item)?.item
    const name = quote(item?.label ?? c.item)
    const value = (v: string | number | boolean) => {
      if (typeof v === 'boolean') return v ? 'oui' : 'non'
      const option = item?.options?.find((o) => o.code === v)
      return quote(option?.label ?? String(v))
    }
    if ('equals' in c) return `${name} vaut ${value(c.equals)}`
    if ('notEquals' in c) return `${name} ne vaut pas ${value(c.notEquals)}`
    if ('in' in c) return `${name} vaut ${c.in.map(value).join(' ou ')}`
    if ('includes' in c) return `${name} comprend ${value(c.includes)}`
    if ('filled' in c) return `${name} ${c.filled ? 'est renseigné' : "n'est pas renseigné"}`
    if ('atLeast' in c) return `${name} est au moins ${c.atLeast}`
    return `${name} est au plus ${c.atMost}`
  }
  return `Afficher quand ${words(condition)}`
}

/** A simple condition from the designer's form (item, operator, value typed as text). */
export function simpleCondition(
  item: string,
  operator: SimpleOperator,
  value: string,
  template: Template,
): Condition {
  const type = indexCatalogue(template).get(item)?.item.type
  const typed = (): string | number | boolean => {
    if (type === 'yes-no') return value === 'true' || value === 'oui'
    if (type === 'integer' || type === 'decimal') return Number(value)
    return value
  }
  switch (operator) {
    case 'filled':
      return { item, filled: value !== 'false' }
    case 'atLeast':
      return { item, atLeast: Number(value) }
    case 'atMost':
      return { item, atMost: Number(value) }
    case 'includes':
      return { item, includes: value }
    case 'equals':
      return { item, equals: typed() }
    case 'notEquals':
      return { item, notEquals: typed() }
  }
}
