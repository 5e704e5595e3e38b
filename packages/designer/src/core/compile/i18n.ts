/**
 * A laid-out fiche → its French i18n bundle, keyed the way JSON Forms looks texts up: `<item>.label`,
 * `<item>.description`, `<item>.<option code>`, `section.<id>.label`, plus French for the renderers'
 * built-in English texts (array buttons, the empty select option, "is a required property").
 */
import type { ColumnItem, Item, Metadata } from '../model/template-schema.ts'
import { choiceOptions, itemLabel } from './choices.ts'
import type { LaidOutSection } from './fiche-layout.ts'

/** @jsonforms/core `arrayDefaultTranslations`, in French; looked up as `<array prefix>.<key>`. */
export const ARRAY_TEXTS_FR: Record<string, string> = {
  addTooltip: 'Ajouter une ligne',
  addAriaLabel: 'Bouton ajouter une ligne',
  removeTooltip: 'Supprimer',
  removeAriaLabel: 'Bouton supprimer',
  upAriaLabel: 'Monter la ligne',
  up: 'Monter',
  down: 'Descendre',
  downAriaLabel: 'Descendre la ligne',
  noDataMessage: 'Aucune ligne',
  noSelection: 'Aucune sélection',
  deleteDialogTitle: 'Confirmer la suppression',
  deleteDialogMessage: 'Voulez-vous vraiment supprimer cette ligne ?',
  deleteDialogAccept: 'Oui',
  deleteDialogDecline: 'Non',
}

/** Keys the renderers look up without a prefix. */
export const GLOBAL_TEXTS_FR: Record<string, string> = {
  'enum.none': 'Non renseigné',
  'is a required property': 'Champ obligatoire',
}

export function ficheI18n(sections: LaidOutSection[], metadata: Metadata): Record<string, string> {
  const bundle: Record<string, string> = { ...GLOBAL_TEXTS_FR }
  for (const { section, elements } of sections) {
    bundle[`section.${section.id}.label`] = section.title
    if (section.description) bundle[`section.${section.id}.description`] = section.description
    for (const element of elements) {
      if (element.kind === 'item') addItem(bundle, element.item, element.item.id, metadata)
    }
  }
  return bundle
}

function addItem(
  bundle: Record<string, string>,
  item: Item | ColumnItem,
  prefix: string,
  metadata: Metadata,
): void {
  bundle[`${prefix}.label`] = itemLabel(item)
  if (item.help) bundle[`${prefix}.description`] = item.help
  for (const option of choiceOptions(item, metadata)) bundle[`${prefix}.${option.code}`] = option.label
  if (item.type === 'yes-no') {
    bundle[`${prefix}.true`] = 'Oui'
    bundle[`${prefix}.false`] = 'Non'
  }
  if ('columns' in item && item.columns) {
    for (const [key, text] of Object.entries(ARRAY_TEXTS_FR)) bundle[`${prefix}.${key}`] = text
    // JSON Forms prefixes a column by its data path without row indices: `<repeat>.<column>`.
    for (const column of item.columns) addItem(bundle, column, `${prefix}.${column.id}`, metadata)
  }
}
