/**
 * Template → YAML text, deterministically: the designer UI edits the model and saves this text, the CLI
 * checks the same file. Keys follow the format's declaration order and small leaf objects are written
 * inline, so `serialize(parse(serialize(t)))` gives back the same bytes.
 */
import { Document, isMap, isSeq, type Node, visit } from 'yaml'
import type { Template } from './template-schema.ts'

/**
 * Key order, read from the zod schemas of template-schema.ts (identity keys first, then as declared).
 * A key missing here (none today) would come after the known ones, in alphabetical order.
 */
const KEY_ORDER = [
  // template
  'openput',
  'programme',
  'version',
  'effectiveDate',
  'changeNotes',
  'metadata',
  'catalogue',
  'fiches',
  'schedule',
  'documents',
  // identity of any entry
  'id',
  'code',
  'item',
  'note',
  'authority',
  'reference',
  'date',
  // metadata
  'medicine',
  'name',
  'dci',
  'form',
  'holder',
  'operator',
  'framework',
  'putKind',
  'decisions',
  'indications',
  'ucds',
  'reportPeriodicity',
  'authorisationDuration',
  // labels
  'label',
  'title',
  'dosage',
  'access',
  'accessDescription',
  // catalogue and fiches
  'kind',
  'annex',
  'description',
  'type',
  'help',
  'required',
  'when',
  'filledBy',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'min',
  'max',
  'unit',
  'decimals',
  'minDate',
  'maxDate',
  'options',
  'optionsFrom',
  'minSelected',
  'maxSelected',
  'columns',
  'minRows',
  'maxRows',
  'items',
  'repeatable',
  'ucd',
  'layout',
  'sections',
  'elements',
  'widget',
  'readOnly',
  'signatures',
  'optional',
  // conditions
  'equals',
  'notEquals',
  'in',
  'includes',
  'filled',
  'atLeast',
  'atMost',
  'all',
  'any',
  'not',
  // schedule
  'anchor',
  'visits',
  'repeating',
  'fiche',
  'offset',
  'every',
  'from',
  'until',
  'window',
  'before',
  'after',
  // documents
  'userGuide',
  'resources',
  'content',
] as const

const RANK = new Map<string, number>(KEY_ORDER.map((k, i) => [k, i]))

const byFormatOrder = (a: string, b: string) => {
  const ra = RANK.get(a) ?? Number.MAX_SAFE_INTEGER
  const rb = RANK.get(b) ?? Number.MAX_SAFE_INTEGER
  return ra !== rb ? ra - rb : a < b ? -1 : a > b ? 1 : 0
}

/** Plain data with keys reordered and `undefined` dropped (as JSON would). */
function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered)
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    return Object.fromEntries(
      keys.sort(byFormatOrder).map((k) => [k, ordered((value as Record<string, unknown>)[k])]),
    )
  }
  return value
}

/** Inline (flow) when a collection holds only scalars or small inline maps and stays short. */
const FLOW_MAX_CHARS = 100

function isLeafish(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'string' || !value.includes('\n')
  if (depth >= 3) return false
  return Object.values(value).every((v) => isLeafish(v, depth + 1))
}

const wantsFlow = (value: unknown) =>
  value !== null &&
  typeof value === 'object' &&
  isLeafish(value, 0) &&
  JSON.stringify(value).length <= FLOW_MAX_CHARS

/**
 * The template as YAML text, the same bytes for the same template.
 * @example serializeTemplate(parseTemplate(text).value.template)
 */
export function serializeTemplate(template: Template): string {
  const data = ordered(template) as Record<string, unknown>
  const doc = new Document(data, { version: '1.2' })
  visit(doc, {
    Map(key, node) {
      if (key === null) return // the document root stays in block style
      node.flow = wantsFlow(node.toJSON())
    },
    Seq(_key, node) {
      node.flow = wantsFlow(node.toJSON())
    },
  })
  // A block collection inside a flow one would not be valid YAML: flow is inherited downwards.
  visit(doc, {
    Map(_key, node, path) {
      if (inFlow(path)) node.flow = true
    },
    Seq(_key, node, path) {
      if (inFlow(path)) node.flow = true
    },
  })
  return doc.toString({ lineWidth: 110, minContentWidth: 40, flowCollectionPadding: true })
}

const inFlow = (path: readonly unknown[]) =>
  path.some((p) => (isMap(p) || isSeq(p)) && Boolean((p as Node & { flow?: boolean }).flow))
