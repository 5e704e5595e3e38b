/**
 * Plausible sample answers for the preview of a fiche: the first option, a value inside the bounds,
 * today's date. Pure; the preview's user can change any of them.
 */
import { type CompiledFiche, indexCatalogue, type Template } from '@openput/designer'

export function sampleData(template: Template, fiche: CompiledFiche): Record<string, unknown> {
  const catalogue = indexCatalogue(template)
  const today = new Date().toISOString().slice(0, 10)
  const data: Record<string, unknown> = {}
  for (const itemId of fiche.itemIds) {
    const item = catalogue.get(itemId)?.item
    if (!item) continue
    switch (item.type) {
      case 'text':
      case 'long-text':
        if (!item.pattern) data[itemId] = 'Exemple'
        break
      case 'integer':
      case 'decimal':
        data[itemId] = item.min ?? 1
        break
      case 'date':
        data[itemId] = today
        break
      case 'month-year':
        data[itemId] = today.slice(0, 7)
        break
      case 'yes-no':
        data[itemId] = false
        break
      case 'single-choice':
        if (item.options?.[0]) data[itemId] = item.options[0].code
        break
      case 'multiple-choice':
        if (item.options?.[0]) data[itemId] = [item.options[0].code]
        break
      case 'repeat':
        break
    }
  }
  return data
}
