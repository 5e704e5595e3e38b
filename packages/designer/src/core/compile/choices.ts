/**
 * The options of a choice item: listed in the template, or taken from the authorisation's UCDs or
 * indications. Schema enums, i18n labels and generated test data all read them from here.
 */
import type { ColumnItem, Item, Metadata } from '../model/template-schema.ts'

export interface ResolvedOption {
  code: string
  label: string
}

/** The options of a single- or multiple-choice item, in display order (empty for other types). */
export function choiceOptions(item: Item | ColumnItem, metadata: Metadata): ResolvedOption[] {
  if (item.optionsFrom === 'ucds') {
    return metadata.ucds.map((ucd) => ({ code: ucd.code, label: `${ucd.label} (${ucd.dosage})` }))
  }
  if (item.optionsFrom === 'indications') {
    return metadata.indications.map((indication) => ({ code: indication.id, label: indication.label }))
  }
  return (item.options ?? []).map(({ code, label }) => ({ code, label }))
}

/** The French label shown for an item: its label, with its unit when it has one (`Poids (kg)`). */
export function itemLabel(item: Item | ColumnItem): string {
  return item.unit ? `${item.label} (${item.unit})` : item.label
}
