/**
 * P3: CDISC ODM 1.3.2 XML of one template version — the metadata (study events, forms, item groups, items,
 * code lists) from the template, then the clinical data subject by subject, keyed by registration number.
 * Written as an async stream of chunks, page by page from the database.
 */
import type { Executor } from '../../db/database.ts'
import type { ExportFilter, ExportRow } from '../../db/queries/exports.ts'
import { exportRows, subjectKey } from './csv-export.ts'
import type { ExportFiche, ExportItem, ExportModel } from './export-model.ts'

export const ODM_NAMESPACE = 'http://www.cdisc.org/ns/odm/v1.3'

/** Characters XML 1.0 cannot carry at all: replaced, never passed through. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to remove
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

/** An attribute value: escaped, with line ends and tabs as references so that parsers keep them. */
export const attr = (value: string) =>
  value
    .replace(NOT_XML, '\uFFFD')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;')
    .replaceAll('\t', '&#9;')

const text = (value: string) =>
  value.replace(NOT_XML, '\uFFFD').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

const tag = (name: string, attributes: Record<string, string | undefined>, body?: string) => {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${attr(v!)}"`)
    .join('')
  return body === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${body}</${name}>`
}

const translated = (value: string) => tag('TranslatedText', { 'xml:lang': 'fr' }, text(value))

/** OIDs: stable, derived from the template's ids. */
export const OID = {
  study: (m: ExportModel) => `ST.${m.programme}`,
  mdv: (m: ExportModel) => `MDV.${m.programme}.${m.version}`,
  event: (f: ExportFiche) => `SE.${f.id}`,
  form: (f: ExportFiche) => `F.${f.id}`,
  group: (f: ExportFiche, id: string) => `IG.${f.id}.${id}`,
  item: (i: ExportItem, code?: string) =>
    code === undefined ? `IT.${i.parentId ? `${i.parentId}.` : ''}${i.id}` : `IT.${i.id}.${code}`,
  codeList: (i: ExportItem) => `CL.${i.parentId ? `${i.parentId}.` : ''}${i.id}`,
  unit: (unit: string) => `MU.${unit}`,
}

const DATA_TYPES: Record<string, string> = {
  text: 'text',
  'long-text': 'text',
  integer: 'integer',
  decimal: 'float',
  date: 'date',
  'month-year': 'partialDate',
  'yes-no': 'boolean',
  'single-choice': 'text',
}

const EVENT_TYPES: Record<string, string> = {
  suivi: 'Scheduled',
  ei: 'Unscheduled',
  'situation-particuliere': 'Unscheduled',
}

/** The ItemDefs an item contributes: one, or for a multiple choice one boolean per option. */
function itemDefs(item: ExportItem): string[] {
  const question = (label: string) => tag('Question', {}, translated(label))
  const unitRef = item.unit ? tag('MeasurementUnitRef', { MeasurementUnitOID: OID.unit(item.unit) }) : ''
  if (item.type === 'multiple-choice') {
    return item.options.map((o) =>
      tag(
        'ItemDef',
        { OID: OID.item(item, o.code), Name: `${item.id}.${o.code}`, DataType: 'boolean' },
        question(`${item.label} : ${o.label}`),
      ),
    )
  }
  const codeList =
    item.type === 'single-choice' ? tag('CodeListRef', { CodeListOID: OID.codeList(item) }) : ''
  return [
    tag(
      'ItemDef',
      { OID: OID.item(item), Name: item.id, DataType: DATA_TYPES[item.type] ?? 'text' },
      question(item.label) + unitRef + codeList,
    ),
  ]
}

const itemRefs = (items: ExportItem[]) =>
  items
    .flatMap((i) =>
      i.type === 'multiple-choice'
        ? i.options.map((o) => tag('ItemRef', { ItemOID: OID.item(i, o.code), Mandatory: 'No' }))
        : [tag('ItemRef', { ItemOID: OID.item(i), Mandatory: i.required && !i.conditional ? 'Yes' : 'No' })],
    )
    .join('')

/** The groups of a fiche: its sections with plain items, then one repeating group per repeated rows item. */
function groupsOf(fiche: ExportFiche) {
  const sections = fiche.sections
    .map((s) => ({
      oid: OID.group(fiche, s.id),
      name: s.title,
      items: s.items.filter((i) => i.type !== 'repeat'),
    }))
    .filter((g) => g.items.length > 0)
  const repeats = fiche.repeats.map((r) => ({
    oid: OID.group(fiche, r.item.id),
    name: r.item.label,
    items: r.columns,
    repeat: r,
  }))
  return { sections, repeats }
}

export function metaDataVersion(model: ExportModel): string {
  const items = new Map<string, ExportItem>()
  const units = new Set<string>()
  const parts: string[] = []
  parts.push(
    tag(
      'Protocol',
      {},
      model.fiches
        .map((f, i) =>
          tag('StudyEventRef', { StudyEventOID: OID.event(f), OrderNumber: String(i + 1), Mandatory: 'No' }),
        )
        .join(''),
    ),
  )
  for (const f of model.fiches) {
    parts.push(
      tag(
        'StudyEventDef',
        { OID: OID.event(f), Name: f.title, Repeating: 'Yes', Type: EVENT_TYPES[f.kind] ?? 'Common' },
        tag('FormRef', { FormOID: OID.form(f), Mandatory: 'Yes' }),
      ),
    )
  }
  const groupDefs: string[] = []
  for (const f of model.fiches) {
    const { sections, repeats } = groupsOf(f)
    const all = [...sections, ...repeats]
    parts.push(
      tag(
        'FormDef',
        { OID: OID.form(f), Name: f.title, Repeating: 'No' },
        all.map((g) => tag('ItemGroupRef', { ItemGroupOID: g.oid, Mandatory: 'No' })).join(''),
      ),
    )
    for (const g of sections) {
      groupDefs.push(tag('ItemGroupDef', { OID: g.oid, Name: g.name, Repeating: 'No' }, itemRefs(g.items)))
    }
    for (const g of repeats) {
      groupDefs.push(tag('ItemGroupDef', { OID: g.oid, Name: g.name, Repeating: 'Yes' }, itemRefs(g.items)))
    }
    for (const i of all.flatMap((g) => g.items)) {
      items.set(OID.item(i), i)
      if (i.unit) units.add(i.unit)
    }
  }
  parts.push(...groupDefs)
  parts.push(...[...items.values()].flatMap(itemDefs))
  for (const i of items.values()) {
    if (i.type !== 'single-choice') continue
    parts.push(
      tag(
        'CodeList',
        { OID: OID.codeList(i), Name: i.label, DataType: 'text' },
        i.options
          .map((o) => tag('CodeListItem', { CodedValue: o.code }, tag('Decode', {}, translated(o.label))))
          .join(''),
      ),
    )
  }
  const basics = units.size
    ? tag(
        'BasicDefinitions',
        {},
        [...units]
          .map((u) => tag('MeasurementUnit', { OID: OID.unit(u), Name: u }, tag('Symbol', {}, translated(u))))
          .join(''),
      )
    : ''
  return (
    basics + tag('MetaDataVersion', { OID: OID.mdv(model), Name: `Version ${model.version}` }, parts.join(''))
  )
}

const odmValue = (value: unknown): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'boolean') return value ? '1' : '0'
  return String(value)
}

function itemData(items: ExportItem[], data: Record<string, unknown>): string {
  return items
    .flatMap((i) => {
      const value = data[i.id]
      if (i.type === 'multiple-choice') {
        if (!Array.isArray(value)) return []
        return i.options.map((o) =>
          tag('ItemData', { ItemOID: OID.item(i, o.code), Value: value.includes(o.code) ? '1' : '0' }),
        )
      }
      const v = odmValue(value)
      return v === undefined ? [] : [tag('ItemData', { ItemOID: OID.item(i), Value: v })]
    })
    .join('')
}

function formData(fiche: ExportFiche, row: ExportRow, repeatKey: number): string {
  const { sections, repeats } = groupsOf(fiche)
  const groups = [
    ...sections.map((g) => {
      const body = itemData(g.items, row.data)
      return body ? tag('ItemGroupData', { ItemGroupOID: g.oid }, body) : ''
    }),
    ...repeats.flatMap((g) => {
      const rows = row.data[g.repeat.item.id]
      if (!Array.isArray(rows)) return []
      return rows.map((r, i) =>
        tag(
          'ItemGroupData',
          { ItemGroupOID: g.oid, ItemGroupRepeatKey: String(i + 1) },
          itemData(g.items, (r ?? {}) as Record<string, unknown>),
        ),
      )
    }),
  ].join('')
  return tag(
    'StudyEventData',
    { StudyEventOID: OID.event(fiche), StudyEventRepeatKey: String(repeatKey) },
    tag('FormData', { FormOID: OID.form(fiche) }, groups),
  )
}

export interface OdmHeader {
  fileOid: string
  createdAt: Date
  description: string
}

/** The whole document, as chunks: header and metadata, then one chunk per page of fiches. */
export async function* odmDocument(
  db: Executor,
  model: ExportModel,
  filter: ExportFilter,
  header: OdmHeader,
) {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<ODM xmlns="${ODM_NAMESPACE}" ODMVersion="1.3.2" FileType="Snapshot" Granularity="All" ` +
    `FileOID="${attr(header.fileOid)}" CreationDateTime="${header.createdAt.toISOString()}" ` +
    `Description="${attr(header.description)}" Originator="OpenPUT">` +
    tag(
      'Study',
      { OID: OID.study(model) },
      tag(
        'GlobalVariables',
        {},
        tag('StudyName', {}, text(model.programme)) +
          tag('StudyDescription', {}, text(`${model.medicine} — ${model.programme}`)) +
          tag('ProtocolName', {}, text(`${model.programme} ${model.version}`)),
      ) + metaDataVersion(model),
    ) +
    tag('ClinicalData', { StudyOID: OID.study(model), MetaDataVersionOID: OID.mdv(model) }, '').replace(
      '></ClinicalData>',
      '>',
    )
  const fiches = new Map(model.fiches.map((f) => [f.id, f]))
  let subject: string | null = null
  let repeatKeys = new Map<string, number>()
  for await (const page of exportRows(db, filter)) {
    let chunk = ''
    for (const row of page) {
      const fiche = fiches.get(row.fiche_id)
      if (!fiche) continue
      if (row.enrolment_id !== subject) {
        if (subject !== null) chunk += '</SubjectData>'
        subject = row.enrolment_id
        repeatKeys = new Map()
        chunk += `<SubjectData SubjectKey="${attr(subjectKey(row))}">`
      }
      const key = (repeatKeys.get(fiche.id) ?? 0) + 1
      repeatKeys.set(fiche.id, key)
      chunk += formData(fiche, row, key)
    }
    if (chunk) yield chunk
  }
  yield `${subject !== null ? '</SubjectData>' : ''}</ClinicalData></ODM>\n`
}
