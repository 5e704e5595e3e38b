/**
 * The rules of `openput check`, read next to CHARTER.md: for each rule id, the check that implements it,
 * its severity and the charter requirements it proves. An error blocks publication; a warning does not.
 */
import { authorisationDuration } from './authorisation-duration.ts'
import { conditionCycle } from './condition-cycle.ts'
import { conditionTypeMismatch } from './condition-type-mismatch.ts'
import { danglingReference } from './dangling-reference.ts'
import { duplicateId } from './duplicate-id.ts'
import { emptyFiche } from './empty-fiche.ts'
import { emptyOptions } from './empty-options.ts'
import { emptySection } from './empty-section.ts'
import { fatSignature } from './fat-signature.ts'
import { fieldOutsidePut } from './field-outside-put.ts'
import { impossibleBounds } from './impossible-bounds.ts'
import { indicationAccess } from './indication-access.ts'
import { nestedRepeat } from './nested-repeat.ts'
import { noLogistics } from './no-logistics.ts'
import { oneFicheAcrossUcd } from './one-fiche-across-ucd.ts'
import { optionCodeFormat } from './option-code-format.ts'
import { patternWithoutMaxLength } from './pattern-without-max-length.ts'
import { prefillReference } from './prefill-reference.ts'
import { putItemNotCollected } from './put-item-not-collected.ts'
import { scheduleRequired } from './schedule-required.ts'
import type { Check, Severity } from './types.ts'
import { unsafeRegex } from './unsafe-regex.ts'
import { userGuidePresent } from './user-guide-present.ts'

export interface Rule {
  check: Check
  severity: Severity
  /** Charter IDs this rule proves; empty for structural rules that keep a template coherent. */
  requirements: readonly string[]
  /** One line, for reviewers and `openput check --list`. */
  summary: string
}

export const RULES = {
  // The charter's own rules.
  'field-outside-put': {
    check: fieldOutsidePut,
    severity: 'error',
    requirements: ['C1.1'],
    summary: 'every form element and every compiled schema property is a top-level item of the PUT catalogue',
  },
  'put-item-not-collected': {
    check: putItemNotCollected,
    severity: 'error',
    requirements: ['C1.1'],
    summary: 'every catalogue item is collected by at least one fiche',
  },
  'one-fiche-across-ucd': {
    check: oneFicheAcrossUcd,
    severity: 'error',
    requirements: ['C1.2'],
    summary:
      'exactly one FAT; no fiche or visit per UCD; with several UCDs the FAT asks the dosage from `optionsFrom: ucds`',
  },
  'no-logistics': {
    check: noLogistics,
    severity: 'error',
    requirements: ['C1.3', 'C11.1'],
    summary: 'no ordering, delivery, stock or billing item, option, fiche or section',
  },
  'fat-signature': {
    check: fatSignature,
    severity: 'error',
    requirements: ['C5.4', 'C5.5', 'C5.6'],
    summary:
      'the FAT requires the prescriber and pharmacist signatures; PNM never sign; no other fiche requires one',
  },
  'schedule-required': {
    check: scheduleRequired,
    severity: 'error',
    requirements: ['C7.1'],
    summary:
      'every follow-up fiche is planned by a visit; the schedule anchor is a date collected by its fiche',
  },
  'user-guide-present': {
    check: userGuidePresent,
    severity: 'error',
    requirements: ['C1.4', 'C5.1'],
    summary: 'the template carries a non-empty user guide',
  },
  'indication-access': {
    check: indicationAccess,
    severity: 'error',
    requirements: ['C3.3'],
    summary: 'with several indications, each states its access (shared or distinct) and describes it',
  },
  'authorisation-duration': {
    check: authorisationDuration,
    severity: 'error',
    requirements: ['P4'],
    summary: 'an AAC states its treatment duration, one day to one year; a CPC lasts three years',
  },
  'prefill-reference': {
    check: prefillReference,
    severity: 'error',
    requirements: ['C8.1'],
    summary: "an item equivalence prefills an item of its own fiche, from another programme's fiche",
  },
  // Structural rules: a template that breaks them is incoherent, whatever the charter says.
  'duplicate-id': {
    check: duplicateId,
    severity: 'error',
    requirements: [],
    summary:
      'ids are unique: items and columns, groups, fiches, sections of a fiche, items of a fiche, visits…',
  },
  'dangling-reference': {
    check: danglingReference,
    severity: 'error',
    requirements: [],
    summary: 'conditions read items collected by their fiche (or row); visits name existing fiches',
  },
  'condition-type-mismatch': {
    check: conditionTypeMismatch,
    severity: 'error',
    requirements: [],
    summary: "a condition compares an answer with a value of its kind (a choice's code, a boolean, a number)",
  },
  'condition-cycle': {
    check: conditionCycle,
    severity: 'error',
    requirements: [],
    summary: 'no question depends, directly or not, on its own answer to be shown',
  },
  'empty-options': {
    check: emptyOptions,
    severity: 'error',
    requirements: [],
    summary: 'a choice has options (listed once each, or `optionsFrom`); a repeated item has columns',
  },
  'option-code-format': {
    check: optionCodeFormat,
    severity: 'error',
    requirements: [],
    summary: 'option codes are letters without accents, digits, `_` and `-`',
  },
  'impossible-bounds': {
    check: impossibleBounds,
    severity: 'error',
    requirements: [],
    summary: 'bounds are in order, dates are dates, and no property is set on a type it does not apply to',
  },
  'nested-repeat': {
    check: nestedRepeat,
    severity: 'error',
    requirements: [],
    summary: 'a column of a repeated item does not repeat',
  },
  'unsafe-regex': {
    check: unsafeRegex,
    severity: 'error',
    requirements: [],
    summary: 'a pattern is a valid regular expression without catastrophic backtracking',
  },
  'pattern-without-max-length': {
    check: patternWithoutMaxLength,
    severity: 'error',
    requirements: [],
    summary: 'a text with a pattern states its maxLength',
  },
  'empty-fiche': {
    check: emptyFiche,
    severity: 'error',
    requirements: [],
    summary: 'every fiche collects at least one item',
  },
  'empty-section': {
    check: emptySection,
    severity: 'warning',
    requirements: [],
    summary: 'every section has at least one element',
  },
} as const satisfies Record<string, Rule>

export type RuleId = keyof typeof RULES

/** The rule ids in registry order. */
export const RULE_IDS = Object.keys(RULES) as RuleId[]
