/**
 * A relevance condition in French words for a paper form ("Si « Sexe » = « Féminin » :"), with the
 * items' and options' labels from the compiled fiche's i18n bundle instead of their identifiers.
 */
import type { Condition } from '@openput/designer'

/** `prefix`: the i18n prefix of the item's siblings (empty at the top of a fiche, `<repeat>.` in a row). */
export function conditionInWords(condition: Condition, i18n: Record<string, string>, prefix = ''): string {
  const label = (item: string) => `« ${i18n[`${prefix}${item}.label`] ?? item} »`
  const value = (item: string, v: string | number | boolean) => {
    if (typeof v === 'boolean') return i18n[`${prefix}${item}.${v}`] ?? (v ? 'Oui' : 'Non')
    const text = i18n[`${prefix}${item}.${v}`]
    return `« ${text ?? String(v)} »`
  }
  const words = (c: Condition, nested: boolean): string => {
    if ('all' in c) return group(c.all.map((x) => words(x, true)).join(' et '), nested && c.all.length > 1)
    if ('any' in c) return group(c.any.map((x) => words(x, true)).join(' ou '), nested && c.any.length > 1)
    if ('not' in c) return `non (${words(c.not, false)})`
    if ('equals' in c) return `${label(c.item)} = ${value(c.item, c.equals)}`
    if ('notEquals' in c) return `${label(c.item)} ≠ ${value(c.item, c.notEquals)}`
    if ('in' in c) return `${label(c.item)} parmi ${c.in.map((v) => value(c.item, v)).join(', ')}`
    if ('includes' in c) return `${label(c.item)} comprend ${value(c.item, c.includes)}`
    if ('filled' in c) return `${label(c.item)} ${c.filled ? 'est renseigné' : 'n’est pas renseigné'}`
    if ('atLeast' in c) return `${label(c.item)} ≥ ${c.atLeast}`
    return `${label(c.item)} ≤ ${c.atMost}`
  }
  return `Si ${words(condition, false)} :`
}

const group = (text: string, parenthesise: boolean) => (parenthesise ? `(${text})` : text)
