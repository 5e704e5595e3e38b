/**
 * P3: what an export of one template version contains, derived once from the template: per fiche its
 * sections and items in display order (repeated rows as their own table), with codes, labels and units.
 * Pure; shared by the CSV tables, the data dictionary and the CDISC ODM metadata.
 */
import {
  type ColumnItem,
  choiceOptions,
  type Item,
  type ItemType,
  indexCatalogue,
  type Template,
} from '@openput/designer'

export interface ExportItem {
  id: string
  label: string
  type: ItemType
  unit: string | undefined
  required: boolean
  /** Shown (and required) only under a condition of the item, its element or its section. */
  conditional: boolean
  /** Codes and labels of a choice (resolved from the UCDs or indications when the template says so). */
  options: { code: string; label: string }[]
  sectionId: string
  sectionTitle: string
  /** The repeated-rows item this is a column of. */
  parentId?: string
}

export interface ExportRepeat {
  item: ExportItem
  columns: ExportItem[]
}

export interface ExportFiche {
  id: string
  title: string
  kind: string
  repeatable: boolean
  sections: { id: string; title: string; items: ExportItem[] }[]
  /** Top-level items that are not repeated rows, in display order: the columns of the fiche's table. */
  items: ExportItem[]
  /** Repeated-rows items: each is a table of its own, keyed to the fiche. */
  repeats: ExportRepeat[]
}

export interface ExportModel {
  programme: string
  version: string
  medicine: string
  fiches: ExportFiche[]
}

export function exportModel(template: Template): ExportModel {
  const catalogue = indexCatalogue(template)
  const toItem = (
    item: Item | ColumnItem,
    section: { id: string; title: string },
    parentId?: string,
    conditional = false,
  ): ExportItem => ({
    id: item.id,
    label: item.label,
    type: item.type,
    unit: item.unit,
    required: item.required ?? false,
    conditional: conditional || item.when !== undefined,
    options: choiceOptions(item, template.metadata),
    sectionId: section.id,
    sectionTitle: section.title,
    ...(parentId ? { parentId } : {}),
  })
  const fiches = template.fiches.map((fiche): ExportFiche => {
    const seen = new Set<string>()
    const sections = fiche.sections.map((section) => ({
      id: section.id,
      title: section.title,
      items: section.elements.flatMap((element) => {
        if (!('item' in element) || seen.has(element.item)) return []
        const indexed = catalogue.get(element.item)
        if (!indexed) return []
        seen.add(element.item)
        return [
          toItem(indexed.item, section, undefined, element.when !== undefined || section.when !== undefined),
        ]
      }),
    }))
    const all = sections.flatMap((s) => s.items)
    const repeats = all
      .filter((i) => i.type === 'repeat')
      .map((item) => {
        const section = { id: item.sectionId, title: item.sectionTitle }
        const columns = ((catalogue.get(item.id)?.item as Item | undefined)?.columns ?? []).map((c) =>
          toItem(c, section, item.id),
        )
        return { item, columns }
      })
    return {
      id: fiche.id,
      title: fiche.title,
      kind: fiche.kind,
      repeatable: fiche.repeatable ?? false,
      sections,
      items: all.filter((i) => i.type !== 'repeat'),
      repeats,
    }
  })
  return {
    programme: template.programme,
    version: template.version,
    medicine: template.metadata.medicine.name,
    fiches,
  }
}

/** `fat` or `fat.traitements_anterieurs`: the CSV tables of a version. */
export function exportTables(model: ExportModel): string[] {
  return model.fiches.flatMap((f) => [f.id, ...f.repeats.map((r) => `${f.id}.${r.item.id}`)])
}
