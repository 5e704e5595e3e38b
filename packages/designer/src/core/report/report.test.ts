import { describe, expect, it } from 'vitest'
import type { LocatedFinding } from '../checks/types.ts'
import type { TemplateDiff } from '../diff/types.ts'
import type { ModelError } from '../model/parse.ts'
import { renderDiff, renderFindings, renderModelErrors } from './report.ts'

const at = (line: number, column = 3) => ({ file: 'v2.yaml', line, column, path: ['fiches', 0] })

const findings: LocatedFinding[] = [
  {
    rule: 'empty-section',
    severity: 'warning',
    requirements: [],
    path: ['fiches', 0],
    params: {},
    at: at(40),
    message: 'Section vide.',
  },
  {
    rule: 'impossible-bounds',
    severity: 'error',
    requirements: [],
    path: ['catalogue', 0, 'items', 1],
    params: { item: 'poids_kg' },
    at: at(26, 9),
    message: 'Bornes impossibles | min > max.',
  },
]

const modelErrors: ModelError[] = [
  { code: 'model', at: at(12, 5), message: 'catalogue[0].items[1].type : valeur invalide' },
]

const diff: TemplateDiff = {
  from: { programme: 'testmab-aap', version: '1.0' },
  to: { programme: 'testmab-aap', version: '1.1' },
  changes: [
    {
      kind: 'fiche-title-changed',
      class: 'cosmetic',
      target: { ficheId: 'arret' },
      pathA: ['fiches', 3, 'title'],
      pathB: ['fiches', 3, 'title'],
      atA: { ...at(70), file: 'v1.yaml' },
      atB: at(71),
      before: 'Fiche d’arrêt',
      after: 'Arrêt définitif',
      params: { title: 'Arrêt définitif' },
      message: 'La fiche « Arrêt définitif » (arret) : titre modifié.',
    },
    {
      kind: 'item-option-removed',
      class: 'breaking',
      target: { itemId: 'motif_arret', code: 'toxicite' },
      pathA: ['catalogue', 3, 'items', 1, 'options', 1],
      atA: { ...at(52, 11), file: 'v1.yaml' },
      before: 'Toxicité',
      params: { label: 'Motif', code: 'toxicite', option: 'Toxicité' },
      message: 'Modalité supprimée toxicite.',
    },
  ],
  counts: { breaking: 1, review: 0, compatible: 0, cosmetic: 1 },
}

describe('renderFindings', () => {
  it('text: one file:line:column line per finding, errors first, then the totals', () => {
    const lines = renderFindings(findings, 'text').trimEnd().split('\n')
    expect(lines).toEqual([
      'v2.yaml:26:9  erreur  impossible-bounds  Bornes impossibles | min > max.',
      'v2.yaml:40:3  avertissement  empty-section  Section vide.',
      '1 erreur, 1 avertissement.',
    ])
  })

  it('text: says so when there is nothing to report', () => {
    expect(renderFindings([], 'text')).toBe('Aucun problème détecté.\n')
  })

  it('md: a summary, then a table whose cells cannot be broken by a pipe', () => {
    const md = renderFindings(findings, 'md', 'v2.yaml')
    expect(md).toMatch(/^## Vérification de la charte : v2\.yaml\n\n1 erreur, 1 avertissement\./)
    expect(md).toContain(
      '| `v2.yaml:26:9` | erreur | `impossible-bounds` | — | Bornes impossibles \\| min > max. |',
    )
  })

  it('json: stable and machine-readable', () => {
    const json = renderFindings(findings, 'json')
    expect(renderFindings([...findings].reverse(), 'json')).toBe(json)
    const report = JSON.parse(json)
    expect(report.summary).toEqual({ errors: 1, warnings: 1 })
    expect(report.findings[0]).toEqual({
      rule: 'impossible-bounds',
      severity: 'error',
      requirements: [],
      file: 'v2.yaml',
      line: 26,
      column: 9,
      path: ['catalogue', 0, 'items', 1],
      params: { item: 'poids_kg' },
      message: 'Bornes impossibles | min > max.',
    })
  })
})

describe('renderModelErrors', () => {
  it.each([
    ['text', 'v2.yaml:12:5  erreur  model  catalogue[0].items[1].type : valeur invalide'],
    ['md', '| `v2.yaml:12:5` | `model` | catalogue[0].items[1].type : valeur invalide |'],
  ] as const)('%s: located, with the code', (format, expected) => {
    expect(renderModelErrors(modelErrors, format)).toContain(expected)
  })

  it('json: parses, one entry per error', () => {
    const report = JSON.parse(renderModelErrors(modelErrors, 'json'))
    expect(report.errors).toEqual([
      {
        code: 'model',
        file: 'v2.yaml',
        line: 12,
        column: 5,
        path: ['fiches', 0],
        message: modelErrors[0]?.message,
      },
    ])
  })
})

describe('renderDiff', () => {
  it('P2: text: counts first, breaking changes before cosmetic ones, removals located in the old version', () => {
    const lines = renderDiff(diff, 'text').trimEnd().split('\n')
    expect(lines[0]).toBe(
      'testmab-aap 1.0 → 1.1 : 2 changements : 1 rupture, 0 à examiner, 0 compatible, 1 cosmétique.',
    )
    expect(lines[1]).toBe('v1.yaml:52:11  rupture  item-option-removed  Modalité supprimée toxicite.')
    expect(lines[2]).toMatch(/^v2\.yaml:71:3 {2}cosmétique {2}fiche-title-changed/)
  })

  it('P2: md: the summary table, then one section per class present', () => {
    const md = renderDiff(diff, 'md')
    expect(md).toMatch(/^## Différences testmab-aap 1\.0 → 1\.1/)
    expect(md).toContain('| rupture | 1 |')
    expect(md).toContain('| à examiner | 0 |')
    expect(md.indexOf('### Ruptures (1)')).toBeLessThan(md.indexOf('### Cosmétiques (1)'))
    expect(md).not.toContain('### À examiner')
    expect(md).toContain('| `v1.yaml:52:11` | `item-option-removed` | Modalité supprimée toxicite. |')
  })

  it('json: stable, with counts, locations and values', () => {
    const json = renderDiff(diff, 'json')
    expect(renderDiff(structuredClone(diff), 'json')).toBe(json)
    const report = JSON.parse(json)
    expect(report).toMatchObject({
      format: 'openput-diff',
      from: diff.from,
      to: diff.to,
      counts: diff.counts,
    })
    expect(report.changes[1]).toMatchObject({
      kind: 'item-option-removed',
      class: 'breaking',
      atA: { file: 'v1.yaml', line: 52, column: 11 },
      before: 'Toxicité',
    })
    expect(report.changes[1].atB).toBeUndefined()
  })
})
