/**
 * P3: the CSV files of an export — one table per fiche (codes and labels side by side), one per repeated
 * rows item keyed to its fiche, and the data dictionary — each an async stream of text chunks read page
 * by page from the database.
 */
import type { Executor } from '../../db/database.ts'
import {
  type ExportCursor,
  type ExportFilter,
  type ExportRow,
  listExportPage,
} from '../../db/queries/exports.ts'
import { CSV_BOM, cell, csvLine, textCell } from './csv.ts'
import type { ExportFiche, ExportItem, ExportModel } from './export-model.ts'

export const EXPORT_PAGE = 500

/** Every row of the filter, one page (one statement) at a time. */
export async function* exportRows(db: Executor, filter: ExportFilter, pageSize = EXPORT_PAGE) {
  for (let after: ExportCursor | null = null; ; ) {
    // biome-ignore lint/performance/noAwaitInLoops: keyset pagination, one page after the other
    const page: ExportRow[] = await listExportPage(db, filter, after, pageSize)
    yield page
    if (page.length < pageSize) return
    const last = page[page.length - 1]!
    after = { enrolmentId: last.enrolment_id, ficheInstanceId: last.fiche_instance_id }
  }
}

/** What a subject is known by in an export: the registration number, never an identity. */
export const subjectKey = (row: Pick<ExportRow, 'registration_number' | 'enrolment_id'>) =>
  row.registration_number ?? `INCLUSION-${row.enrolment_id}`

const hasLabel = (item: ExportItem) =>
  item.type === 'single-choice' || item.type === 'multiple-choice' || item.type === 'yes-no'

const headerOf = (items: ExportItem[]) =>
  items.flatMap((i) => (hasLabel(i) ? [i.id, `${i.id}__libelle`] : [i.id]))

function labelOf(item: ExportItem, value: unknown): string {
  if (value === undefined || value === null) return ''
  if (item.type === 'yes-no') return value === true ? 'Oui' : value === false ? 'Non' : ''
  const label = (code: unknown) => item.options.find((o) => o.code === code)?.label ?? String(code)
  return Array.isArray(value) ? value.map(label).join(' | ') : label(value)
}

const cellsOf = (items: ExportItem[], data: Record<string, unknown>) =>
  items.flatMap((i) =>
    hasLabel(i) ? [cell(data[i.id]), textCell(labelOf(i, data[i.id]))] : [cell(data[i.id])],
  )

const KEY_COLUMNS = ['numero_enregistrement', 'fiche_instance', 'revision', 'date_revision']

/** The fiche's table: one line per fiche instance. */
export async function* ficheTable(db: Executor, fiche: ExportFiche, filter: ExportFilter) {
  yield CSV_BOM + csvLine([...KEY_COLUMNS, ...headerOf(fiche.items)])
  for await (const page of exportRows(db, { ...filter, ficheId: fiche.id })) {
    yield page
      .map((row) =>
        csvLine([
          textCell(subjectKey(row)),
          row.fiche_instance_id,
          String(row.seq),
          row.revision_created_at.toISOString(),
          ...cellsOf(fiche.items, row.data),
        ]),
      )
      .join('')
  }
}

/** A repeated-rows item's table: one line per row, keyed to its fiche instance and numbered from 1. */
export async function* repeatTable(db: Executor, fiche: ExportFiche, repeatId: string, filter: ExportFilter) {
  const repeat = fiche.repeats.find((r) => r.item.id === repeatId)!
  yield CSV_BOM + csvLine(['numero_enregistrement', 'fiche_instance', 'ligne', ...headerOf(repeat.columns)])
  for await (const page of exportRows(db, { ...filter, ficheId: fiche.id })) {
    yield page
      .flatMap((row) => {
        const rows = row.data[repeatId]
        if (!Array.isArray(rows)) return []
        return rows.map((r, i) =>
          csvLine([
            textCell(subjectKey(row)),
            row.fiche_instance_id,
            String(i + 1),
            ...cellsOf(repeat.columns, (r ?? {}) as Record<string, unknown>),
          ]),
        )
      })
      .join('')
  }
}

/** The data dictionary: one line per item of each table. */
export function* dictionary(model: ExportModel) {
  yield CSV_BOM +
    csvLine(['table', 'fiche', 'section', 'item', 'libelle', 'type', 'unite', 'obligatoire', 'codes'])
  for (const fiche of model.fiches) {
    const line = (table: string, item: ExportItem) =>
      csvLine([
        table,
        textCell(fiche.title),
        textCell(item.sectionTitle),
        item.id,
        textCell(item.label),
        item.type,
        textCell(item.unit ?? ''),
        item.required ? 'oui' : 'non',
        textCell(
          item.type === 'yes-no'
            ? '1=Oui | 0=Non'
            : item.options.map((o) => `${o.code}=${o.label}`).join(' | '),
        ),
      ])
    yield fiche.items.map((item) => line(fiche.id, item)).join('')
    for (const repeat of fiche.repeats) {
      yield repeat.columns.map((item) => line(`${fiche.id}.${repeat.item.id}`, item)).join('')
    }
  }
}
