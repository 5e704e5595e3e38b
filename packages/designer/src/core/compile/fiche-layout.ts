/**
 * A fiche's sections with each element resolved against the catalogue: the one walk over a fiche that
 * the schema, UI schema and i18n builders share. Unknown or repeated items are left out here (the
 * `unknown-item` and `duplicate-id` checks report them), so the compiler never fails on them.
 */
import { indexCatalogue } from '../model/catalogue.ts'
import type { ColumnItem, Fiche, Item, ItemElement, Section, Template } from '../model/template-schema.ts'

export type LaidOutElement =
  | { kind: 'item'; item: Item | ColumnItem; element: ItemElement }
  | { kind: 'note'; note: string }

export interface LaidOutSection {
  section: Section
  elements: LaidOutElement[]
}

export function layOutFiche(template: Template, fiche: Fiche): LaidOutSection[] {
  const catalogue = indexCatalogue(template)
  const seen = new Set<string>()
  return fiche.sections.map((section) => ({
    section,
    elements: section.elements.flatMap((element): LaidOutElement[] => {
      if ('note' in element) return [{ kind: 'note', note: element.note }]
      const indexed = catalogue.get(element.item)
      if (!indexed || seen.has(element.item)) return []
      seen.add(element.item)
      return [{ kind: 'item', item: indexed.item, element }]
    }),
  }))
}

/** The item elements of a laid-out fiche, in display order. */
export function layoutItems(sections: LaidOutSection[]) {
  return sections.flatMap(({ section, elements }) =>
    elements.flatMap((e) => (e.kind === 'item' ? [{ ...e, section }] : [])),
  )
}
