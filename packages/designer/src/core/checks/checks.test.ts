import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type ParsedTemplate, parseTemplate } from '../model/parse.ts'
import { RULE_IDS, RULES, type RuleId } from './registry.ts'
import { checkTemplate, hasErrors } from './run.ts'

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url), 'utf8')
const minimal = fixture('minimal.yaml')

function parse(text: string, file = 'fixture.yaml'): ParsedTemplate {
  const result = parseTemplate(text, file)
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.at.line}: ${e.message}`).join('\n'))
  return result.value
}

/** minimal.yaml with each `[old, new]` replaced once; fails loudly when `old` is not there. */
function variant(...edits: [string, string][]): ParsedTemplate {
  const text = edits.reduce((out, [from, to]) => {
    if (!out.includes(from)) throw new Error(`not in minimal.yaml: ${from}`)
    return out.replace(from, to)
  }, minimal)
  return parse(text)
}

/** One case per charter requirement a rule proves, so each ID names its own test; structural rules once. */
const cases = RULE_IDS.flatMap((rule) => {
  const { requirements } = RULES[rule]
  return requirements.length === 0
    ? [{ rule, label: rule }]
    : requirements.map((id) => ({ rule, label: `${id}: ${rule}` }))
})

describe('charter checks over their fixtures', () => {
  it('minimal.yaml, the base of every fixture, has no finding', () => {
    expect(checkTemplate(parse(minimal, 'minimal.yaml'))).toEqual([])
  })

  it.each(cases)(
    '$label flags its fail fixture, and only with that rule, at the offending line',
    ({ rule }) => {
      const text = fixture(`${rule}.fail.yaml`)
      const findings = checkTemplate(parse(text, `${rule}.fail.yaml`))
      expect(findings.length).toBeGreaterThan(0)
      expect(new Set(findings.map((f) => f.rule))).toEqual(new Set([rule]))
      expect(findings.every((f) => f.severity === RULES[rule].severity)).toBe(true)
      expect(hasErrors(findings)).toBe(RULES[rule].severity === 'error')
      const expected = /^# expect-line: (.+)$/m.exec(text)?.[1]
      expect(expected).toBeDefined()
      const first = findings[0]
      expect(first?.at.line).toBeGreaterThan(0)
      expect(text.split('\n')[(first?.at.line ?? 0) - 1]).toContain(expected)
      expect(first?.message).toMatch(/\S/)
    },
  )

  it.each(cases)('$label passes its near-miss fixture', ({ rule }) => {
    const findings = checkTemplate(parse(fixture(`${rule}.pass.yaml`), `${rule}.pass.yaml`))
    expect(findings.filter((f) => f.rule === rule)).toEqual([])
  })
})

const FAT_SIGNATURES = 'signatures: { required: [prescriber, pharmacist] }'
const SUIVI_KIND = '    kind: suivi\n'
const UCD_ITEM = '{ id: ucd, label: Dosage prévu, type: single-choice, optionsFrom: ucds, required: true }'

/** The other ways each rule is broken, as one-line variations of minimal.yaml. */
const variants: { name: string; rule: RuleId; reason: string; edits: [string, string][] }[] = [
  {
    name: 'C1.1: field-outside-put flags a column of a table shown on its own',
    rule: 'field-outside-put',
    reason: 'column-at-top-level',
    edits: [['{ item: poids_kg },', '{ item: poids_kg }, { item: traitement_nom },']],
  },
  {
    name: 'C1.2: one-fiche-across-ucd flags a second FAT',
    rule: 'one-fiche-across-ucd',
    reason: 'several-fat',
    edits: [['    kind: fit\n', '    kind: fat\n    signatures: { required: [prescriber, pharmacist] }\n']],
  },
  {
    name: 'C1.2: one-fiche-across-ucd flags a template without FAT',
    rule: 'one-fiche-across-ucd',
    reason: 'no-fat',
    edits: [
      ['    kind: fat\n', '    kind: autre\n'],
      [FAT_SIGNATURES, 'signatures: { optional: [prescriber, pharmacist] }'],
    ],
  },
  {
    name: 'C1.2: one-fiche-across-ucd flags a visit scoped to one UCD',
    rule: 'one-fiche-across-ucd',
    reason: 'visit-ucd-scope',
    edits: [['offset: P1M,', 'offset: P1M, ucd: "9000001",']],
  },
  {
    name: 'C1.2: one-fiche-across-ucd flags a FAT that does not ask the dosage among several UCDs',
    rule: 'one-fiche-across-ucd',
    reason: 'no-dosage-choice',
    edits: [
      [UCD_ITEM, '{ id: ucd, label: Dosage prévu, type: text, maxLength: 100, required: true }'],
      ['{ item: ucd, widget: radio }', '{ item: ucd }'],
    ],
  },
  {
    name: 'C1.2: one-fiche-across-ucd flags UCD codes typed by hand as options',
    rule: 'one-fiche-across-ucd',
    reason: 'ucd-options-by-hand',
    edits: [
      [
        UCD_ITEM,
        '{ id: ucd, label: Dosage prévu, type: single-choice, required: true, options: [{ code: "9000001", label: 100 mg }, { code: "9000002", label: 300 mg }] }',
      ],
    ],
  },
  {
    name: 'C1.2: one-fiche-across-ucd flags, with one UCD, a scope that is not that UCD',
    rule: 'one-fiche-across-ucd',
    reason: 'unknown-ucd',
    edits: [
      ['    - { code: "9000002", label: "Testmab 300 mg, flacon", dosage: 300 mg }\n', ''],
      [SUIVI_KIND, `${SUIVI_KIND}    ucd: "9000002"\n`],
    ],
  },
  {
    name: 'C5.5: fat-signature flags a FAT the pharmacist does not sign',
    rule: 'fat-signature',
    reason: 'fat-signer-missing',
    edits: [[FAT_SIGNATURES, 'signatures: { required: [prescriber] }']],
  },
  {
    name: 'C5.5: fat-signature flags a FAT signer whose access stops short of signing',
    rule: 'fat-signature',
    reason: 'fat-signer-cannot-sign',
    edits: [[FAT_SIGNATURES, `${FAT_SIGNATURES}\n    access: { pharmacist: entry }`]],
  },
  {
    name: 'C5.4: fat-signature flags PNM given the right to sign through an access override',
    rule: 'fat-signature',
    reason: 'pnm-signs',
    edits: [[FAT_SIGNATURES, `${FAT_SIGNATURES}\n    access: { pnm: entry-sign }`]],
  },
  {
    name: 'C5.6: fat-signature flags a required signature on a fiche other than the FAT',
    rule: 'fat-signature',
    reason: 'non-fat-required',
    edits: [[SUIVI_KIND, `${SUIVI_KIND}    signatures: { required: [prescriber] }\n`]],
  },
  {
    name: 'C7.1: schedule-required flags an anchor on a fiche that does not exist',
    rule: 'schedule-required',
    reason: 'anchor-fiche-unknown',
    edits: [['anchor: { fiche: fit,', 'anchor: { fiche: initiation,']],
  },
  {
    name: 'C7.1: schedule-required flags an anchor on an item its fiche does not collect',
    rule: 'schedule-required',
    reason: 'anchor-item-not-collected',
    edits: [['item: date_initiation }\n  visits', 'item: date_visite }\n  visits']],
  },
  {
    name: 'C7.1: schedule-required flags an anchor that is not a date',
    rule: 'schedule-required',
    reason: 'anchor-not-date',
    edits: [['anchor: { fiche: fit, item: date_initiation }', 'anchor: { fiche: fat, item: poids_kg }']],
  },
  {
    name: 'C1.4: user-guide-present flags a guide left blank',
    rule: 'user-guide-present',
    reason: 'empty',
    edits: [[minimal.slice(minimal.indexOf('    content: |')), '    content: " "\n']],
  },
  {
    name: 'C3.3: indication-access flags an indication that does not state shared or distinct access',
    rule: 'indication-access',
    reason: 'access-missing',
    edits: [
      [
        `    - { id: adulte, label: "Maladie X de l'adulte" }\n`,
        `    - { id: adulte, label: "Maladie X de l'adulte", accessDescription: "Accès distinct." }\n    - { id: enfant, label: "Maladie X de l'enfant", access: distinct, accessDescription: "Accès distinct." }\n`,
      ],
    ],
  },
  {
    name: 'dangling-reference flags a condition on an item of another fiche',
    rule: 'dangling-reference',
    reason: 'not-in-fiche',
    edits: [['when: { item: motif_arret, equals: autre }', 'when: { item: poursuite, equals: false }']],
  },
  {
    name: 'dangling-reference flags a visit of a fiche that does not exist',
    rule: 'dangling-reference',
    reason: 'unknown-fiche',
    edits: [['fiche: suivi, every: P6M', 'fiche: suivi_semestriel, every: P6M']],
  },
  {
    name: 'condition-type-mismatch flags a yes/no compared with a word',
    rule: 'condition-type-mismatch',
    reason: 'not-boolean',
    edits: [
      ['when: { item: grossesse_possible, equals: true }', 'when: { item: grossesse_possible, equals: oui }'],
    ],
  },
  {
    name: 'condition-type-mismatch flags atLeast on a choice',
    rule: 'condition-type-mismatch',
    reason: 'not-numeric-source',
    edits: [['when: { item: sexe, equals: F }', 'when: { item: sexe, atLeast: 1 }']],
  },
  {
    name: 'condition-type-mismatch flags a table used as a condition source other than `filled`',
    rule: 'condition-type-mismatch',
    reason: 'repeat-source',
    edits: [['when: { item: sexe, equals: F }', 'when: { item: traitements_anterieurs, atLeast: 1 }']],
  },
  {
    name: 'empty-options flags a choice without options',
    rule: 'empty-options',
    reason: 'no-options',
    edits: [
      [
        'options: [{ code: progression, label: Progression }, { code: toxicite, label: Toxicité }, { code: autre, label: Autre }]',
        'options: []',
      ],
    ],
  },
  {
    name: 'impossible-bounds flags a bound on a type it does not apply to',
    rule: 'impossible-bounds',
    reason: 'inapplicable',
    edits: [
      [
        '{ id: date_visite, label: Date de la visite, type: date,',
        '{ id: date_visite, label: Date de la visite, type: date, maxLength: 10,',
      ],
    ],
  },
  {
    name: 'impossible-bounds flags a date bound that is not a date',
    rule: 'impossible-bounds',
    reason: 'bad-date',
    edits: [
      [
        '{ id: date_visite, label: Date de la visite, type: date,',
        '{ id: date_visite, label: Date de la visite, type: date, minDate: 01/01/2026,',
      ],
    ],
  },
  {
    name: 'unsafe-regex flags a pattern that is not a regular expression',
    rule: 'unsafe-regex',
    reason: 'invalid',
    edits: [['type: text, maxLength: 200,', 'type: text, maxLength: 200, pattern: "^[A-Z",']],
  },
]

describe('charter checks, case by case', () => {
  it.each(variants)('$name', ({ rule, reason, edits }) => {
    const findings = checkTemplate(variant(...edits))
    expect(findings.map((f) => [f.rule, f.params.reason])).toContainEqual([rule, reason])
    expect(findings.find((f) => f.rule === rule)?.at.line).toBeGreaterThan(0)
  })
})
