/**
 * A stored value as a person reads it, with the fiche's own texts: option labels, Oui/Non, JJ/MM/AAAA
 * dates, rows counted. For the merge screen, where values are shown side by side.
 */
import type { FicheDefinition } from '../api/types.ts'
import { formatIsoDate } from '../renderers/french-format.ts'

export const fieldLabel = (definition: FicheDefinition, key: string) => {
  const property = (definition.schema.properties as Record<string, { title?: string }> | undefined)?.[key]
  return definition.i18n[`${key}.label`] ?? property?.title ?? key
}

export function displayValue(definition: FicheDefinition, key: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '(vide)'
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non'
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) {
      return value.map((v) => definition.i18n[`${key}.${v}`] ?? v).join(', ')
    }
    return `${value.length} ligne${value.length > 1 ? 's' : ''}`
  }
  if (typeof value === 'string') {
    const option = definition.i18n[`${key}.${value}`]
    if (option) return option
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatIsoDate(value)
    return value
  }
  if (typeof value === 'number') return String(value).replace('.', ',')
  return JSON.stringify(value)
}
