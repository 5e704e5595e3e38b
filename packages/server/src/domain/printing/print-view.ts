/**
 * A compiled fiche → what its printed form shows, walked from the JSON Forms UI schema the screen renders
 * (same sections, same order, same labels and options), blank for paper use or with a revision's values.
 */
import {
  type CompiledFiche,
  type Condition,
  type Fiche,
  indexCatalogue,
  type Template,
  type UiSchema,
} from '@openput/designer'
import { conditionInWords } from './condition-words.ts'

export interface PrintOption {
  code: string
  label: string
  checked: boolean
}

export interface PrintCell {
  value: string | null
}

export interface PrintColumn {
  label: string
  condition: string | null
}

export interface PrintField {
  id: string
  label: string
  help: string | null
  /** "Si … :" for an item shown only under a condition (blank forms only). */
  condition: string | null
  required: boolean
  unit: string | null
  /** How the answer is drawn on paper; exactly one is true. */
  isLine: boolean
  isLongText: boolean
  isDate: boolean
  isMonthYear: boolean
  isChoice: boolean
  isMultiple: boolean
  isRepeat: boolean
  options: PrintOption[]
  columns: PrintColumn[]
  rows: PrintCell[][]
  /** The answer as text (filled forms); null when not answered. */
  value: string | null
}

export type PrintBlock = { note: string; field: null } | { note: null; field: PrintField }

export interface PrintSection {
  title: string
  condition: string | null
  blocks: PrintBlock[]
}

export interface PrintFiche {
  ficheId: string
  title: string
  sections: PrintSection[]
  /** Item fields in order, for tests and counts. */
  fieldCount: number
}

/** For a filled form: the revision's data and which conditional items are relevant for it. */
export interface PrintValues {
  data: Record<string, unknown>
  isRelevant(itemId: string): boolean
}

/** Empty rows printed for a repeated-rows item on a blank form. */
export const BLANK_ROWS = 5

type Schema = {
  type?: string
  enum?: unknown[]
  items?: Schema
  properties?: Record<string, Schema>
  format?: string
}

const itemIdOf = (scope: unknown) =>
  typeof scope === 'string' ? scope.replace(/^#\/properties\//, '').split('/')[0]! : ''

export function printView(compiled: CompiledFiche, template: Template, values?: PrintValues): PrintFiche {
  const catalogue = indexCatalogue(template)
  const fiche = template.fiches.find((f) => f.id === compiled.ficheId) as Fiche | undefined
  const elementWhen = new Map<string, Condition | undefined>()
  const sectionWhen = new Map<string, Condition | undefined>()
  for (const section of fiche?.sections ?? []) {
    sectionWhen.set(section.id, section.when)
    for (const element of section.elements) if ('item' in element) elementWhen.set(element.item, element.when)
  }
  const i18n = compiled.i18n
  const properties = (compiled.schema.properties ?? {}) as Record<string, Schema>
  const words = (conditions: (Condition | undefined)[], prefix = '') => {
    const present = conditions.filter((c): c is Condition => c !== undefined)
    if (values || present.length === 0) return null
    return conditionInWords(present.length === 1 ? present[0]! : { all: present }, i18n, prefix)
  }

  const field = (
    id: string,
    i18nKey: string,
    schema: Schema,
    value: unknown,
    options: Record<string, unknown>,
    condition: string | null,
  ): PrintField => {
    const indexed = catalogue.get(id)?.item
    const isMultiple = schema.type === 'array' && schema.items?.type === 'string'
    const isRepeat = schema.type === 'array' && !isMultiple
    const isYesNo = schema.type === 'boolean'
    const codes = (isMultiple ? (schema.items?.enum ?? []) : (schema.enum ?? [])).map(String)
    const choiceCodes = isYesNo ? ['true', 'false'] : codes
    const selected = new Set(
      value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String),
    )
    const choiceOptions = choiceCodes.map((code) => ({
      code,
      label: i18n[`${i18nKey}.${code}`] ?? code,
      checked: selected.has(code),
    }))
    const isChoice = !isMultiple && choiceCodes.length > 0
    const detail = (options.detail as { elements?: UiSchema[] } | undefined)?.elements ?? []
    const columns = isRepeat
      ? detail.map((column) => {
          const columnId = itemIdOf(column.scope)
          const columnItem = catalogue.get(columnId)?.item
          return {
            id: columnId,
            i18nKey: String(column.i18n ?? `${i18nKey}.${columnId}`),
            schema: schema.items?.properties?.[columnId] ?? {},
            options: (column.options ?? {}) as Record<string, unknown>,
            label: i18n[`${String(column.i18n)}.label`] ?? columnId,
            condition: words([columnItem?.when], `${i18nKey}.`),
          }
        })
      : []
    const rows = isRepeat
      ? Array.isArray(value)
        ? value.map((row) =>
            columns.map((c) => ({
              value: formatValue(
                (row as Record<string, unknown>)?.[c.id],
                c.schema,
                c.i18nKey,
                i18n,
                c.options,
              ),
            })),
          )
        : values
          ? []
          : Array.from({ length: BLANK_ROWS }, () => columns.map(() => ({ value: null })))
      : []
    const isDate = isDateSchema(schema, options.format)
    const isMonthYear = options.format === 'month-year'
    const isLongText = options.multi === true
    return {
      id,
      label: i18n[`${i18nKey}.label`] ?? id,
      help: i18n[`${i18nKey}.description`] ?? null,
      condition,
      required: indexed?.required ?? false,
      unit: typeof options.unit === 'string' ? options.unit : null,
      isLine: !isChoice && !isMultiple && !isRepeat && !isDate && !isMonthYear && !isLongText,
      isLongText,
      isDate,
      isMonthYear,
      isChoice,
      isMultiple,
      isRepeat,
      options: isChoice || isMultiple ? choiceOptions : [],
      columns: columns.map(({ label, condition: c }) => ({ label, condition: c })),
      rows,
      value: isRepeat ? null : formatValue(value, schema, i18nKey, i18n, options),
    }
  }

  const sections: PrintSection[] = []
  const groups = (compiled.uischema.elements ?? []) as UiSchema[]
  for (const group of groups) {
    const sectionId = String(group.i18n ?? '').replace(/^section\./, '')
    const blocks: PrintBlock[] = []
    for (const element of (group.elements ?? []) as UiSchema[]) {
      if (element.type === 'Label') {
        // A filled form shows what was entered; notes and descriptions are for whoever fills it in.
        if (!values) blocks.push({ note: String(element.text ?? ''), field: null })
        continue
      }
      if (element.type !== 'Control') continue
      const id = itemIdOf(element.scope)
      if (values && !values.isRelevant(id)) continue
      const schema = properties[id] ?? {}
      blocks.push({
        note: null,
        field: field(
          id,
          String(element.i18n ?? id),
          schema,
          values?.data[id],
          (element.options ?? {}) as Record<string, unknown>,
          words([catalogue.get(id)?.item.when, elementWhen.get(id)]),
        ),
      })
    }
    if (values && !blocks.some((b) => b.field)) continue
    sections.push({
      title: i18n[`section.${sectionId}.label`] ?? String(group.label ?? sectionId),
      condition: words([sectionWhen.get(sectionId)]),
      blocks,
    })
  }
  return {
    ficheId: compiled.ficheId,
    title: compiled.title,
    sections,
    fieldCount: sections.reduce((n, s) => n + s.blocks.filter((b) => b.field).length, 0),
  }
}

const isDateSchema = (schema: Schema, format: unknown) => schema.format === 'date' || format === 'date'

/** A value as the screen shows it: choices by label, dates the French way, decimals with a comma. */
export function formatValue(
  value: unknown,
  schema: Schema,
  i18nKey: string,
  i18n: Record<string, string>,
  options: Record<string, unknown> = {},
): string | null {
  if (value === undefined || value === null || value === '') return null
  if (Array.isArray(value)) {
    if (value.length === 0) return null
    return value.map((v) => i18n[`${i18nKey}.${String(v)}`] ?? String(v)).join(' ; ')
  }
  if (typeof value === 'boolean') return i18n[`${i18nKey}.${value}`] ?? (value ? 'Oui' : 'Non')
  if (typeof value === 'number') {
    const text = String(value).replace('.', ',')
    return typeof options.unit === 'string' ? `${text} ${options.unit}` : text
  }
  const text = String(value)
  if (schema.enum) return i18n[`${i18nKey}.${text}`] ?? text
  if (isDateSchema(schema, options.format) && /^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const [y, m, d] = text.split('-')
    return `${d}/${m}/${y}`
  }
  if (options.format === 'month-year' && /^\d{4}-\d{2}$/.test(text)) {
    const [y, m] = text.split('-')
    return `${m}/${y}`
  }
  return text
}
