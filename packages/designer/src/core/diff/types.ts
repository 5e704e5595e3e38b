/**
 * The shape of a semantic diff between two versions of a PUT template: a closed list of change kinds,
 * each classified by what it means for data already collected (P2: reviewers see exactly what changed).
 */
import type { Path, SourceLocation } from '../model/location.ts'

/** From worst to mildest; reports list changes in this order. */
export const ChangeClasses = ['breaking', 'review', 'compatible', 'cosmetic'] as const
export type ChangeClass = (typeof ChangeClasses)[number]

export const ChangeKinds = [
  // metadata
  'medicine-changed',
  'holder-changed',
  'operator-changed',
  'framework-changed',
  'put-kind-changed',
  'decision-added',
  'decision-removed',
  'decision-changed',
  'indication-added',
  'indication-removed',
  'indication-label-changed',
  'indication-access-changed',
  'ucd-added',
  'ucd-removed',
  'ucd-changed',
  'report-periodicity-changed',
  'authorisation-duration-changed',
  // catalogue
  'group-added',
  'group-removed',
  'group-changed',
  'item-added',
  'item-removed',
  'item-label-changed',
  'item-help-changed',
  'item-type-changed',
  'item-option-added',
  'item-option-removed',
  'item-option-relabelled',
  'item-option-code-meaning-changed',
  'item-options-reordered',
  'item-options-from-changed',
  'item-bounds-narrowed',
  'item-bounds-widened',
  'item-required-added',
  'item-required-removed',
  'item-condition-changed',
  'item-pattern-changed',
  'item-format-changed',
  'item-unit-changed',
  'item-filled-by-changed',
  'item-group-changed',
  'item-parent-changed',
  'item-fiches-changed',
  // fiches
  'fiche-added',
  'fiche-removed',
  'fiche-kind-changed',
  'fiche-title-changed',
  'fiche-presentation-changed',
  'fiche-repeatable-changed',
  'fiche-ucd-changed',
  'section-added',
  'section-removed',
  'section-renamed',
  'section-description-changed',
  'sections-reordered',
  'section-when-changed',
  'fiche-elements-reordered',
  'element-section-changed',
  'element-widget-changed',
  'element-when-changed',
  'element-read-only-changed',
  'fiche-notes-changed',
  'signatures-required-changed',
  'signatures-optional-changed',
  'fiche-access-changed',
  'prefill-equivalence-added',
  'prefill-equivalence-removed',
  'prefill-equivalence-changed',
  // schedule
  'schedule-added',
  'schedule-removed',
  'schedule-anchor-changed',
  'visit-added',
  'visit-removed',
  'visit-timing-changed',
  'visit-fiche-changed',
  'visit-label-changed',
  'visit-ucd-changed',
  // documents
  'document-added',
  'document-removed',
  'document-changed',
] as const
export type ChangeKind = (typeof ChangeKinds)[number]

/** What a change is about; only the keys that apply are set. */
export interface ChangeTarget {
  itemId?: string
  /** The repeated-rows item when `itemId` is one of its columns. */
  parentItemId?: string
  groupId?: string
  ficheId?: string
  sectionId?: string
  visitId?: string
  /** An option code, a UCD code, a decision reference. */
  code?: string
  role?: string
  indicationId?: string
  documentId?: string
}

export type ParamValue = string | number | boolean | null | string[]
export type ChangeParams = Record<string, ParamValue>

export interface Change {
  kind: ChangeKind
  class: ChangeClass
  target: ChangeTarget
  /** Where the changed node is in version A (absent for additions) and in version B (absent for removals). */
  pathA?: Path
  pathB?: Path
  atA?: SourceLocation
  atB?: SourceLocation
  before?: unknown
  after?: unknown
  params: ChangeParams
  /** French, for a reviewer: what changed and what it means for data already collected. */
  message: string
}

/** A change as the comparers find it, before classification, location and wording. */
export type ChangeDraft = Omit<Change, 'class' | 'atA' | 'atB' | 'message' | 'params'> & {
  params?: ChangeParams
}

export interface TemplateVersionRef {
  programme: string
  version: string
}

export interface TemplateDiff {
  from: TemplateVersionRef
  to: TemplateVersionRef
  changes: Change[]
  counts: Record<ChangeClass, number>
}
