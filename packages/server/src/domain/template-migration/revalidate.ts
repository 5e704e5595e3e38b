/**
 * P2: re-validates the data stored on one template version against another (published or still a draft)
 * and says, per change of the designer's semantic diff and per fiche, what carries over, what no longer
 * fits and what must be re-entered. Read-only: the dry run of a migration and the designer's review use it.
 */
import {
  type Change,
  type CompiledTemplate,
  compileTemplate,
  createFicheAjv,
  diffTemplates,
  ficheDateItems,
  indexCatalogue,
  type ParsedTemplate,
  parseTemplate,
  parseTemplateObject,
  type Template,
  type TemplateDiff,
} from '@openput/designer'
import type { ErrorObject } from 'ajv'
import type { Executor, FicheStatus } from '../../db/database.ts'
import { findTemplateVersion } from '../../db/queries/programmes.ts'
import { listVersionFichePage, type VersionFicheFilter } from '../../db/queries/template-migration.ts'
import { problem } from '../../errors.ts'
import { evaluateFiche, type FicheData } from '../fiches/evaluate-fiche.ts'
import { type FicheValidator, ownDateOf } from '../fiches/validators.ts'

/** Why a stored value cannot go to the new version as it is. */
export type UnfitReason =
  /** The fiche no longer collects the item (removed from the catalogue, moved out of the fiche). */
  | 'item-not-collected'
  /** The whole fiche is gone from the new version. */
  | 'fiche-removed'
  /** The new schema rejects the value (type, option, bound, pattern, format). */
  | 'value-rejected'
  /** The new version's conditions make the item irrelevant here: the server would prune it. */
  | 'not-relevant'

export interface UnfitValue {
  /** JSON pointer of the value in the fiche data (`/poids_kg`, `/traitements/0/dose`). */
  path: string
  /** The catalogue item (the column for a value in repeated rows). */
  itemId: string
  value: unknown
  reason: UnfitReason
  /** ajv's keyword when the schema rejected the value (`enum`, `maximum`, `type`…). */
  keyword?: string
  /** Indexes in `diff.changes` of the changes this is attributed to. */
  changes: number[]
}

export interface ReEntry {
  path: string
  itemId: string
  changes: number[]
}

export type FicheOutcome = 'carries-over' | 'no-longer-fits' | 'must-be-re-entered' | 'fiche-removed'

/** What moving one fiche instance to the new version would do. */
export interface FicheRevalidation {
  ficheInstanceId: string
  ficheId: string
  status: FicheStatus
  enrolmentId: string
  registrationNumber: string | null
  establishmentId: string
  headRevisionId: string | null
  headSeq: number | null
  /** The head revision is signed: moving the fiche to the new version voids the signature (C5.5). */
  signed: boolean
  /** The worst of: fiche removed, must be re-entered, no longer fits, carries over. */
  outcome: FicheOutcome
  unfit: UnfitValue[]
  reEnter: ReEntry[]
  /** Indexes in `diff.changes` of the item-level changes that touch a value this fiche holds. */
  touchedBy: number[]
}

export interface ChangeImpact {
  /** Index in `diff.changes`. */
  index: number
  change: Pick<Change, 'kind' | 'class' | 'target' | 'message'>
  /** Fiches holding a value of the item the change is about (whether or not it still validates). */
  fichesWithValue: number
  /** Fiches with at least one value that no longer fits because of this change. */
  noLongerFits: number
  /** Fiches with at least one item to re-enter because of this change. */
  mustBeReEntered: number
}

export interface RevalidationReport {
  from: { templateVersionId: string; programme: string; version: string }
  to: { programme: string; version: string; templateVersionId?: string }
  diff: TemplateDiff
  /** `signed`: fiches whose signatures the migration would void (they must be signed again). */
  totals: { fiches: number; signed: number } & Record<FicheOutcome, number>
  /** One entry per change of the diff, in the diff's order. */
  changes: ChangeImpact[]
  /** One entry per fiche instance, in fiche id order. */
  fiches: FicheRevalidation[]
}

/** The per-fiche result with what a migration stores: the data that carries over, and the values pruned. */
export interface FicheMigrationPlan extends FicheRevalidation {
  carried: FicheData
  missingCount: number
  /** The carried data's own date on the target version (what the moved fiche's head_date becomes). */
  headDate: string | null
  warnings: { path: string; keyword: string; message: string }[]
}

const DROPPING_KINDS: ReadonlySet<string> = new Set([
  'item-removed',
  'item-fiches-changed',
  'item-parent-changed',
  'item-type-changed',
  'item-option-removed',
  'item-options-from-changed',
  'item-bounds-narrowed',
  'item-pattern-changed',
  'item-format-changed',
  'fiche-removed',
])
const CONDITION_KINDS: ReadonlySet<string> = new Set([
  'item-condition-changed',
  'element-when-changed',
  'section-when-changed',
])
const REQUIRING_KINDS: ReadonlySet<string> = new Set([
  'item-added',
  'item-required-added',
  'item-fiches-changed',
])

/**
 * The target of a re-validation: a template as the designer holds it (a draft being reviewed), or as
 * parsed from its YAML (then changes carry the target's line numbers).
 */
export type TargetTemplate = Template | ParsedTemplate

const asParsed = (t: TargetTemplate): ParsedTemplate =>
  'locate' in t && 'template' in t
    ? t
    : { file: '<modèle>', template: t, locate: (path) => ({ file: '<modèle>', line: 0, column: 0, path }) }

/**
 * Compiled once per target: one ajv validator per fiche, the diff, and for each fiche the changes that
 * may concern each of its items. `revalidate` is then pure and costs one or two schema validations.
 */
export class Revalidator {
  readonly diff: TemplateDiff
  readonly compiled: CompiledTemplate
  readonly #validators = new Map<string, FicheValidator>()
  /** Column id → repeated-rows item id, in the target version. */
  readonly #repeatItems: Set<string>
  /** ficheId → itemId → indexes of the changes about that item (or its columns) in that fiche. */
  readonly #changesByItem = new Map<string, Map<string, number[]>>()

  constructor(from: ParsedTemplate, to: TargetTemplate, compiled?: CompiledTemplate) {
    const target = asParsed(to)
    this.diff = diffTemplates(from, target)
    this.compiled = compiled ?? compileTemplate(target.template)
    const ajv = createFicheAjv({ allErrors: true })
    const dateItems = ficheDateItems(target.template)
    for (const fiche of this.compiled.fiches) {
      this.#validators.set(fiche.ficheId, {
        validate: ajv.compile(fiche.schema),
        relevance: Object.entries(fiche.relevance).map(([id, p]) => [id, ajv.compile(p)]),
        itemIds: fiche.itemIds,
        dateItem: dateItems.get(fiche.ficheId) ?? null,
      })
    }
    this.#repeatItems = new Set(
      [...indexCatalogue(target.template).values()]
        .filter((e) => e.item.type === 'repeat')
        .map((e) => e.item.id),
    )
    this.#indexChanges(from.template, target.template)
  }

  /** Item-level changes by fiche and top-level item; section conditions spread to the section's items. */
  #indexChanges(from: Template, to: Template) {
    const ficheIds = new Set([...from.fiches, ...to.fiches].map((f) => f.id))
    const sectionItems = (template: Template, ficheId: string, sectionId: string) =>
      template.fiches
        .find((f) => f.id === ficheId)
        ?.sections.find((s) => s.id === sectionId)
        ?.elements.flatMap((e) => ('item' in e ? [e.item] : [])) ?? []
    const add = (ficheId: string, itemId: string, index: number) => {
      const byItem = this.#changesByItem.get(ficheId) ?? new Map<string, number[]>()
      this.#changesByItem.set(ficheId, byItem)
      const list = byItem.get(itemId) ?? []
      if (!list.includes(index)) list.push(index)
      byItem.set(itemId, list)
    }
    this.diff.changes.forEach((change, index) => {
      const { target } = change
      const item = target.parentItemId ?? target.itemId
      if (change.kind === 'section-when-changed' && target.ficheId && target.sectionId) {
        const items = new Set([
          ...sectionItems(from, target.ficheId, target.sectionId),
          ...sectionItems(to, target.ficheId, target.sectionId),
        ])
        for (const id of items) add(target.ficheId, id, index)
      } else if (change.kind === 'fiche-removed' && target.ficheId) {
        add(target.ficheId, '*', index)
      } else if (item) {
        for (const ficheId of target.ficheId ? [target.ficheId] : ficheIds) add(ficheId, item, index)
      }
    })
  }

  /** Indexes of the changes about `itemId` in `ficheId` whose kind is in `kinds` (all when absent). */
  #changesFor(ficheId: string, itemId: string, kinds?: ReadonlySet<string>): number[] {
    const all = this.#changesByItem.get(ficheId)?.get(itemId) ?? []
    return kinds ? all.filter((i) => kinds.has(this.diff.changes[i]!.kind)) : all
  }

  /** What moving `data` of fiche `ficheId` to the target does; `carried` is what the new revision holds. */
  revalidate(ficheId: string, data: FicheData): Omit<FicheMigrationPlan, keyof FicheFacts> {
    const validator = this.#validators.get(ficheId)
    const touchedBy = [...new Set(Object.keys(data).flatMap((id) => this.#changesFor(ficheId, id)))].sort(
      (a, b) => a - b,
    )
    if (!validator) {
      const changes = this.#changesFor(ficheId, '*')
      return {
        outcome: 'fiche-removed',
        unfit: Object.entries(data).map(([id, value]) => ({
          path: `/${id}`,
          itemId: id,
          value,
          reason: 'fiche-removed' as const,
          changes,
        })),
        reEnter: [],
        touchedBy: [...new Set([...touchedBy, ...changes])].sort((a, b) => a - b),
        carried: {},
        missingCount: 0,
        headDate: null,
        warnings: [],
      }
    }
    const unfit: UnfitValue[] = []
    const collected = new Set(validator.itemIds)
    let carried: FicheData = {}
    for (const [id, value] of Object.entries(data)) {
      if (collected.has(id)) carried[id] = value
      else {
        unfit.push({
          path: `/${id}`,
          itemId: id,
          value,
          reason: 'item-not-collected',
          changes: this.#changesFor(ficheId, id, DROPPING_KINDS),
        })
      }
    }
    // Drop what the schema rejects, value by value, until only missing required items remain (a dropped
    // value can only remove errors, so this ends; two rounds at most in practice).
    for (let round = 0; round < 8; round++) {
      validator.validate(carried)
      const rejected = (validator.validate.errors ?? []).filter(
        (e) => e.keyword !== 'required' && e.keyword !== 'if',
      )
      if (rejected.length === 0) break
      const dropped = new Set<string>()
      for (const error of rejected) {
        const at = this.#valuePath(error, carried)
        if (!at || dropped.has(at.pointer)) continue
        dropped.add(at.pointer)
        carried = withoutValue(carried, at.segments)
        unfit.push({
          path: at.pointer,
          itemId: at.itemId,
          value: at.value,
          reason: 'value-rejected',
          keyword: error.keyword,
          changes: this.#changesFor(ficheId, at.segments[0]!, DROPPING_KINDS),
        })
      }
      if (dropped.size === 0) break
    }
    const evaluation = evaluateFiche(validator, carried)
    // Cannot happen (unknown items were removed above); kept so the type narrows without a cast.
    if (!evaluation.ok) throw problem('field-outside-put', { paths: evaluation.outsidePut })
    for (const [id, value] of Object.entries(evaluation.pruned)) {
      unfit.push({
        path: `/${id}`,
        itemId: id,
        value,
        reason: 'not-relevant',
        changes: this.#changesFor(ficheId, id, CONDITION_KINDS),
      })
    }
    const droppedItems = new Set(unfit.map((u) => u.path.split('/')[1]))
    const reEnter: ReEntry[] = []
    for (const issue of evaluation.issues) {
      if (issue.keyword !== 'required') continue
      const segments = issue.path.split('/').slice(1)
      const top = segments[0]!
      const changes = this.#changesFor(ficheId, top, new Set([...REQUIRING_KINDS, ...CONDITION_KINDS]))
      const droppedHere = droppedItems.has(top)
      // A required item missing before the change (an unfinished draft) is not the migration's doing.
      if (changes.length === 0 && !droppedHere) continue
      reEnter.push({
        path: issue.path,
        itemId: segments.length > 2 ? segments[segments.length - 1]! : top,
        changes: droppedHere
          ? [
              ...new Set([
                ...changes,
                ...unfit.filter((u) => u.path.split('/')[1] === top).flatMap((u) => u.changes),
              ]),
            ]
          : changes,
      })
    }
    const outcome: FicheOutcome =
      reEnter.length > 0 ? 'must-be-re-entered' : unfit.length > 0 ? 'no-longer-fits' : 'carries-over'
    return {
      outcome,
      unfit,
      reEnter,
      touchedBy,
      carried: evaluation.data,
      missingCount: evaluation.missingCount,
      headDate: ownDateOf(validator, evaluation.data),
      warnings: evaluation.issues,
    }
  }

  /** The value an error is about: a top-level item, or one cell of repeated rows. */
  #valuePath(error: ErrorObject, data: FicheData) {
    const segments = error.instancePath.split('/').slice(1)
    if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty))
    const top = segments[0]
    if (top === undefined) return undefined
    // In repeated rows, drop only the offending cell (`/rows/0/col`); anything else drops the item.
    const keep = this.#repeatItems.has(top) && segments.length >= 3 && /^\d+$/.test(segments[1]!) ? 3 : 1
    const kept = segments.slice(0, keep)
    const value = kept.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], data)
    if (value === undefined) return undefined
    return {
      segments: kept,
      pointer: `/${kept.join('/')}`,
      itemId: kept[kept.length - 1]!,
      value,
    }
  }
}

/** A copy of `data` without the value at `segments` (copying only along the path). */
function withoutValue(data: FicheData, segments: string[]): FicheData {
  const [head, ...rest] = segments
  if (head === undefined) return data
  if (rest.length === 0) {
    const { [head]: _removed, ...others } = data
    return others
  }
  const child = data[head]
  if (Array.isArray(child)) {
    const index = Number(rest[0])
    const copy = [...child]
    copy[index] = withoutValue(copy[index] as FicheData, rest.slice(1))
    return { ...data, [head]: copy }
  }
  return { ...data, [head]: withoutValue(child as FicheData, rest) }
}

type FicheFacts = Omit<FicheRevalidation, 'outcome' | 'unfit' | 'reEnter' | 'touchedBy'>

const factsOf = (row: {
  id: string
  fiche_id: string
  status: FicheStatus
  enrolment_id: string
  registration_number: string | null
  establishment_id: string
  head_revision_id: string | null
  head_seq: number | null
  signed: boolean | number | string
}): FicheFacts => ({
  ficheInstanceId: row.id,
  ficheId: row.fiche_id,
  status: row.status,
  enrolmentId: row.enrolment_id,
  registrationNumber: row.registration_number,
  establishmentId: row.establishment_id,
  headRevisionId: row.head_revision_id,
  headSeq: row.head_seq,
  // pg and PGlite give `exists` as a boolean; be strict about anything else
  signed: row.signed === true || row.signed === 1 || row.signed === 't',
})

/** The stored source version, parsed again from its YAML so that changes locate in both files. */
export async function loadSourceVersion(db: Executor, templateVersionId: string) {
  const row = await findTemplateVersion(db, templateVersionId)
  if (!row) throw problem('not-found', { resource: 'template-version', id: templateVersionId })
  const parsed = parseTemplate(row.yaml_source, `${row.version}.yaml`)
  const value = parsed.ok
    ? parsed.value
    : (parseTemplateObject(row.model) as { ok: true; value: ParsedTemplate }).value
  return { row, parsed: value }
}

const PAGE = 500

/**
 * Every fiche stored on `filter.templateVersionId`, re-validated page by page (one read per page of 500
 * fiches). Calls `each` with the plans of each page, in fiche id order.
 */
export async function forEachFichePlanPage(
  db: Executor,
  revalidator: Revalidator,
  filter: VersionFicheFilter,
  each: (plans: FicheMigrationPlan[]) => void | Promise<void>,
  pageSize = PAGE,
): Promise<void> {
  for (let after: string | null = null; ; ) {
    // biome-ignore lint/performance/noAwaitInLoops: keyset pagination, one page after the other
    const page = await listVersionFichePage(db, filter, after, pageSize)
    await each(
      page.map((row) => ({
        ...factsOf(row),
        ...revalidator.revalidate(row.fiche_id, (row.data ?? {}) as FicheData),
      })),
    )
    if (page.length < pageSize) return
    after = page[page.length - 1]!.id
  }
}

export interface RevalidateInput {
  /** The version whose stored data is re-validated. */
  fromVersionId: string
  /** The other version: a published one's parsed template, or a draft's (not yet published). */
  to: TargetTemplate
  /** Its compilation, when the caller already has it (saves compiling twice). */
  compiled?: CompiledTemplate | undefined
  /** Its id when published (for the report). */
  toVersionId?: string | undefined
  /** Only the fiches of this establishment's patients. */
  establishmentId?: string | undefined
}

/**
 * The dry run of a migration: per change of the diff, how many fiches it affects and how; per fiche, what
 * carries over, what no longer fits and what must be re-entered. Writes nothing.
 * @example (await revalidateTemplateVersion(db, { fromVersionId, to: draftTemplate })).changes
 */
export async function revalidateTemplateVersion(
  db: Executor,
  input: RevalidateInput,
): Promise<RevalidationReport> {
  const source = await loadSourceVersion(db, input.fromVersionId)
  const revalidator = new Revalidator(source.parsed, input.to, input.compiled)
  const fiches: FicheRevalidation[] = []
  await forEachFichePlanPage(
    db,
    revalidator,
    { templateVersionId: input.fromVersionId, establishmentId: input.establishmentId },
    (plans) => {
      for (const { carried: _c, missingCount: _m, warnings: _w, ...result } of plans) fiches.push(result)
    },
  )
  const target = asParsed(input.to).template
  return {
    from: {
      templateVersionId: input.fromVersionId,
      programme: source.parsed.template.programme,
      version: source.parsed.template.version,
    },
    to: {
      programme: target.programme,
      version: target.version,
      ...(input.toVersionId ? { templateVersionId: input.toVersionId } : {}),
    },
    diff: revalidator.diff,
    totals: summarise(fiches),
    changes: impactOf(revalidator.diff, fiches),
    fiches,
  }
}

export function summarise(
  fiches: readonly Pick<FicheRevalidation, 'outcome' | 'signed'>[],
): RevalidationReport['totals'] {
  const totals = {
    fiches: fiches.length,
    signed: fiches.filter((f) => f.signed).length,
    'carries-over': 0,
    'no-longer-fits': 0,
    'must-be-re-entered': 0,
    'fiche-removed': 0,
  }
  for (const f of fiches) totals[f.outcome] += 1
  return totals
}

export function impactOf(diff: TemplateDiff, fiches: readonly FicheRevalidation[]): ChangeImpact[] {
  const impacts: ChangeImpact[] = diff.changes.map((change, index) => ({
    index,
    change: { kind: change.kind, class: change.class, target: change.target, message: change.message },
    fichesWithValue: 0,
    noLongerFits: 0,
    mustBeReEntered: 0,
  }))
  for (const fiche of fiches) {
    for (const i of fiche.touchedBy) impacts[i]!.fichesWithValue += 1
    for (const i of new Set(fiche.unfit.flatMap((u) => u.changes))) impacts[i]!.noLongerFits += 1
    for (const i of new Set(fiche.reEnter.flatMap((r) => r.changes))) impacts[i]!.mustBeReEntered += 1
  }
  return impacts
}
