/**
 * Change kind → class, read like REDCap's "change type → data impact" table: `breaking` deletes,
 * invalidates or re-codes data already collected, `review` may change what it means, `compatible` keeps
 * every existing record valid, `cosmetic` only changes what users read.
 */
import type { ChangeClass, ChangeDraft, ChangeKind } from './types.ts'

type Rule = ChangeClass | ((change: ChangeDraft) => ChangeClass)

/** Two wordings that differ only by case, accents, spacing or punctuation say the same thing. */
export function normalizeLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

/** A reworded label may change what answers mean; a typo fix does not. */
export function labelChangeClass(change: ChangeDraft): ChangeClass {
  const { before, after } = change
  return typeof before === 'string' &&
    typeof after === 'string' &&
    normalizeLabel(before) === normalizeLabel(after)
    ? 'cosmetic'
    : 'review'
}

/** Every value of the old type is a valid value of the new one (ODK allows only such changes). */
const WIDENINGS: ReadonlySet<string> = new Set(['integer>decimal', 'text>long-text'])

export function typeChangeClass(change: ChangeDraft): ChangeClass {
  return WIDENINGS.has(`${String(change.before)}>${String(change.after)}`) ? 'compatible' : 'breaking'
}

/** Dropping a pattern or format accepts more; adding or changing one may reject values already entered. */
export function constraintChangeClass(change: ChangeDraft): ChangeClass {
  return change.after === undefined ? 'compatible' : 'breaking'
}

/**
 * C8.2 and C8.3: moving to post-AMM or to the temporary coverage continues the same collection; any
 * other move (AAC → AAP…) is a distinct authorisation whose FAT must be filled again (C8.1).
 */
const CONTINUATIONS: ReadonlySet<string> = new Set([
  'aap-pre-amm>aap-post-amm',
  'aap-pre-amm>post-aap-coverage',
  'aap-post-amm>post-aap-coverage',
])

export function frameworkChangeClass(change: ChangeDraft): ChangeClass {
  return CONTINUATIONS.has(`${String(change.before)}>${String(change.after)}`) ? 'compatible' : 'breaking'
}

/** Patients may already have several instances of a repeatable fiche; allowing several breaks nothing. */
export function repeatableChangeClass(change: ChangeDraft): ChangeClass {
  return change.before === true && change.after !== true ? 'breaking' : 'compatible'
}

/**
 * A new required item makes every fiche already filled without it invalid (or incomplete), when a fiche
 * that existed before collects it; a required item in a new fiche touches no collected data.
 */
export function itemAddedClass(change: ChangeDraft): ChangeClass {
  const required = (change.after as { required?: boolean } | undefined)?.required === true
  const existing = change.params?.existingFiches
  return required && Array.isArray(existing) && existing.length > 0 ? 'breaking' : 'compatible'
}

export const CLASSIFICATION: Readonly<Record<ChangeKind, Rule>> = {
  'medicine-changed': 'review',
  'holder-changed': 'review',
  'operator-changed': 'cosmetic',
  'framework-changed': frameworkChangeClass,
  'put-kind-changed': 'breaking',
  'decision-added': 'compatible',
  'decision-removed': 'review',
  'decision-changed': 'review',
  'indication-added': 'compatible',
  'indication-removed': 'breaking',
  'indication-label-changed': labelChangeClass,
  'indication-access-changed': 'review',
  'ucd-added': 'compatible',
  'ucd-removed': 'breaking',
  'ucd-changed': 'review',
  'report-periodicity-changed': 'review',
  'authorisation-duration-changed': 'review',

  'group-added': 'cosmetic',
  'group-removed': 'cosmetic',
  'group-changed': 'cosmetic',
  'item-added': itemAddedClass,
  'item-removed': 'breaking',
  'item-label-changed': labelChangeClass,
  'item-help-changed': 'cosmetic',
  'item-type-changed': typeChangeClass,
  'item-option-added': 'compatible',
  'item-option-removed': 'breaking',
  'item-option-relabelled': labelChangeClass,
  'item-option-code-meaning-changed': 'breaking',
  'item-options-reordered': 'cosmetic',
  'item-options-from-changed': 'breaking',
  'item-bounds-narrowed': 'breaking',
  'item-bounds-widened': 'compatible',
  'item-required-added': 'breaking',
  'item-required-removed': 'compatible',
  'item-condition-changed': 'review',
  'item-pattern-changed': constraintChangeClass,
  'item-format-changed': constraintChangeClass,
  'item-unit-changed': 'breaking',
  'item-filled-by-changed': 'review',
  'item-group-changed': 'cosmetic',
  'item-parent-changed': 'breaking',
  'item-fiches-changed': 'review',

  'fiche-added': 'compatible',
  'fiche-removed': 'breaking',
  'fiche-kind-changed': 'breaking',
  'fiche-title-changed': 'cosmetic',
  'fiche-presentation-changed': 'cosmetic',
  'fiche-repeatable-changed': repeatableChangeClass,
  'fiche-ucd-changed': 'review',
  'section-added': 'cosmetic',
  'section-removed': 'cosmetic',
  'section-renamed': 'cosmetic',
  'section-description-changed': 'cosmetic',
  'sections-reordered': 'cosmetic',
  'section-when-changed': 'review',
  'fiche-elements-reordered': 'cosmetic',
  'element-section-changed': 'cosmetic',
  'element-widget-changed': 'cosmetic',
  'element-when-changed': 'review',
  'element-read-only-changed': 'review',
  'fiche-notes-changed': 'cosmetic',
  'signatures-required-changed': 'review',
  'signatures-optional-changed': 'review',
  'fiche-access-changed': 'review',
  // C8.1: equivalences only propose values the user confirms; a new or changed one asserts that two
  // programmes' items hold the same datum, which a reviewer checks; dropping one touches no data.
  'prefill-equivalence-added': 'review',
  'prefill-equivalence-removed': 'compatible',
  'prefill-equivalence-changed': 'review',

  'schedule-added': 'review',
  'schedule-removed': 'review',
  'schedule-anchor-changed': 'breaking',
  'visit-added': 'review',
  'visit-removed': 'review',
  'visit-timing-changed': 'review',
  'visit-fiche-changed': 'review',
  'visit-label-changed': 'cosmetic',
  'visit-ucd-changed': 'review',

  'document-added': 'cosmetic',
  'document-removed': 'cosmetic',
  'document-changed': 'cosmetic',
}

export function classify(change: ChangeDraft): ChangeClass {
  const rule = CLASSIFICATION[change.kind]
  return typeof rule === 'function' ? rule(change) : rule
}
