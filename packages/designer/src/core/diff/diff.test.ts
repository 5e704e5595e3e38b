import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { type ParsedTemplate, parseTemplate } from '../model/parse.ts'
import type { ColumnItem, Fiche, Item, Template } from '../model/template-schema.ts'
import { codeMeaningChanged } from './catalogue.ts'
import { CLASSIFICATION } from './classification.ts'
import { diffTemplates } from './diff.ts'
import { MESSAGES_FR } from './messages.fr.ts'
import { type ChangeClass, type ChangeKind, ChangeKinds } from './types.ts'

const minimal = readFileSync(new URL('../../../test/fixtures/minimal.yaml', import.meta.url), 'utf8')

function parsed(text: string, file: string): ParsedTemplate {
  const result = parseTemplate(text, file)
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'))
  return result.value
}

const base = parsed(minimal, 'v1.yaml')

/** Version B: the fixture, edited as an object and written back as YAML so that changes stay located. */
function edited(edit: (t: Template) => void): ParsedTemplate {
  const template = structuredClone(base.template)
  edit(template)
  return parsed(stringify(template), 'v2.yaml')
}

function find<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`fixture has no ${what}`)
  return value
}

const item = (t: Template, id: string): Item | ColumnItem =>
  find(
    t.catalogue.flatMap((g) => g.items.flatMap((i) => [i, ...(i.columns ?? [])])).find((i) => i.id === id),
    `item ${id}`,
  )
const fiche = (t: Template, id: string): Fiche =>
  find(
    t.fiches.find((f) => f.id === id),
    `fiche ${id}`,
  )
const option = (t: Template, id: string, code: string) =>
  find(
    item(t, id).options?.find((o) => o.code === code),
    `option ${id}.${code}`,
  )
const removeItem = (t: Template, id: string) => {
  for (const g of t.catalogue) g.items = g.items.filter((i) => i.id !== id)
  for (const f of t.fiches)
    for (const s of f.sections) s.elements = s.elements.filter((e) => !('item' in e) || e.item !== id)
}
const schedule = (t: Template) => find(t.schedule, 'schedule')
const visit = (t: Template, id: string) =>
  find(
    schedule(t).visits?.find((v) => v.id === id),
    `visit ${id}`,
  )

/** Version A is the fixture, or the fixture edited by `before`; version B is the fixture edited by `edit`. */
type Case = [
  name: string,
  edit: (t: Template) => void,
  kind: ChangeKind,
  cls: ChangeClass,
  before?: (t: Template) => void,
]

const unchanged = () => {}

const CASES: Case[] = [
  // metadata
  [
    'P2: medicine renamed',
    (t) => {
      t.metadata.medicine.name = 'Testmab Pro'
    },
    'medicine-changed',
    'review',
  ],
  [
    'P2: change of holder',
    (t) => {
      t.metadata.holder = 'Laboratoire Repreneur'
    },
    'holder-changed',
    'review',
  ],
  [
    'operator changed',
    (t) => {
      t.metadata.operator = 'CRO Exemple'
    },
    'operator-changed',
    'cosmetic',
  ],
  [
    'P2: move to post-AMM continues the collection (C8.2)',
    (t) => {
      t.metadata.framework = 'aap-post-amm'
    },
    'framework-changed',
    'compatible',
  ],
  [
    'framework AAP → AAC is a distinct authorisation',
    (t) => {
      t.metadata.framework = 'aac'
    },
    'framework-changed',
    'breaking',
  ],
  [
    'PUT kind changed',
    (t) => {
      t.metadata.putKind = 'PUT-SP'
    },
    'put-kind-changed',
    'breaking',
  ],
  [
    'decision added',
    (t) => {
      t.metadata.decisions.push({ authority: 'HAS', reference: 'D2', date: '2026-06-01' })
    },
    'decision-added',
    'compatible',
  ],
  [
    'decision removed',
    (t) => {
      t.metadata.decisions = []
    },
    'decision-removed',
    'review',
  ],
  [
    'decision date corrected',
    (t) => {
      find(t.metadata.decisions[0], 'decision').date = '2026-01-11'
    },
    'decision-changed',
    'review',
  ],
  [
    'indication added',
    (t) => {
      t.metadata.indications.push({ id: 'enfant', label: 'Maladie X de l’enfant' })
    },
    'indication-added',
    'compatible',
  ],
  [
    'indication removed',
    unchanged,
    'indication-removed',
    'breaking',
    (t) => {
      t.metadata.indications.push({ id: 'autre_indication', label: 'Autre' })
    },
  ],
  [
    'indication reworded',
    (t) => {
      find(t.metadata.indications[0], 'indication').label = 'Maladie Y'
    },
    'indication-label-changed',
    'review',
  ],
  [
    'indication access modality',
    (t) => {
      find(t.metadata.indications[0], 'indication').access = 'distinct'
    },
    'indication-access-changed',
    'review',
  ],
  [
    'UCD added',
    (t) => {
      t.metadata.ucds.push({ code: '9000003', label: 'Testmab 50 mg', dosage: '50 mg' })
    },
    'ucd-added',
    'compatible',
  ],
  [
    'P2: UCD removed',
    (t) => {
      t.metadata.ucds.pop()
    },
    'ucd-removed',
    'breaking',
  ],
  [
    'UCD relabelled',
    (t) => {
      find(t.metadata.ucds[0], 'ucd').label = 'Testmab 100 mg/4 mL'
    },
    'ucd-changed',
    'review',
  ],
  [
    'report periodicity (P3)',
    (t) => {
      t.metadata.reportPeriodicity = 'P6M'
    },
    'report-periodicity-changed',
    'review',
  ],
  [
    'authorisation duration (P4)',
    (t) => {
      t.metadata.authorisationDuration = 'P1Y'
    },
    'authorisation-duration-changed',
    'review',
  ],
  // catalogue groups and items
  [
    'group added',
    (t) => {
      t.catalogue.push({ id: 'annexe_ei', title: 'EI', items: [] })
    },
    'group-added',
    'cosmetic',
  ],
  [
    'group removed',
    unchanged,
    'group-removed',
    'cosmetic',
    (t) => {
      t.catalogue.push({ id: 'annexe_vide', title: 'Vide', items: [] })
    },
  ],
  [
    'group retitled',
    (t) => {
      find(t.catalogue[0], 'group').title = 'FAT'
    },
    'group-changed',
    'cosmetic',
  ],
  [
    'item added',
    (t) => {
      find(t.catalogue[2], 'group').items.push({ id: 'tolerance', label: 'Tolérance', type: 'long-text' })
    },
    'item-added',
    'compatible',
  ],
  [
    'P2: required item added to a fiche that already exists',
    (t) => {
      find(t.catalogue[2], 'group').items.push({
        id: 'tolerance',
        label: 'Tolérance',
        type: 'yes-no',
        required: true,
      })
      find(t.fiches[2], 'fiche').sections[0]?.elements.push({ item: 'tolerance' })
    },
    'item-added',
    'breaking',
  ],
  [
    'required item added with a new fiche',
    (t) => {
      find(t.catalogue[2], 'group').items.push({
        id: 'tolerance',
        label: 'Tolérance',
        type: 'yes-no',
        required: true,
      })
      t.fiches.push({
        id: 'tolerance_fiche',
        kind: 'autre',
        title: 'Tolérance',
        sections: [{ id: 's', title: 'S', elements: [{ item: 'tolerance' }] }],
      })
    },
    'item-added',
    'compatible',
  ],
  ['P2: item removed', (t) => removeItem(t, 'poids_kg'), 'item-removed', 'breaking'],
  [
    'P2: label reworded',
    (t) => {
      item(t, 'poids_kg').label = 'Poids à l’inclusion'
    },
    'item-label-changed',
    'review',
  ],
  [
    'label typo fixed',
    (t) => {
      item(t, 'date_arret').label = 'Date d’arrêt'
    },
    'item-label-changed',
    'cosmetic',
  ],
  [
    'help added',
    (t) => {
      item(t, 'poids_kg').help = 'En kilogrammes'
    },
    'item-help-changed',
    'cosmetic',
  ],
  [
    'P2: type changed',
    (t) => {
      item(t, 'poids_kg').type = 'text'
    },
    'item-type-changed',
    'breaking',
  ],
  [
    'type widened integer → decimal',
    unchanged,
    'item-type-changed',
    'compatible',
    (t) => {
      item(t, 'poids_kg').type = 'integer'
    },
  ],
  [
    'type widened text → long-text',
    (t) => {
      item(t, 'motif_arret_autre').type = 'long-text'
    },
    'item-type-changed',
    'compatible',
  ],
  [
    'single → multiple choice',
    (t) => {
      item(t, 'motif_arret').type = 'multiple-choice'
    },
    'item-type-changed',
    'breaking',
  ],
  [
    'option added',
    (t) => {
      item(t, 'motif_arret').options?.push({ code: 'deces', label: 'Décès' })
    },
    'item-option-added',
    'compatible',
  ],
  [
    'P2: enum narrowed (option removed)',
    (t) => {
      const i = item(t, 'motif_arret')
      i.options = i.options?.filter((o) => o.code !== 'toxicite')
    },
    'item-option-removed',
    'breaking',
  ],
  [
    'P2: option relabelled',
    (t) => {
      option(t, 'motif_arret', 'autre').label = 'Autre motif'
    },
    'item-option-relabelled',
    'review',
  ],
  [
    'option label accent fixed',
    (t) => {
      option(t, 'motif_arret', 'toxicite').label = 'Toxicite'
    },
    'item-option-relabelled',
    'cosmetic',
  ],
  [
    'P2: code meaning changed (label of another code)',
    (t) => {
      option(t, 'sexe', 'M').label = 'Féminin'
    },
    'item-option-code-meaning-changed',
    'breaking',
  ],
  [
    'codes swapped',
    (t) => {
      option(t, 'sexe', 'M').label = 'Féminin'
      option(t, 'sexe', 'F').label = 'Masculin'
    },
    'item-option-code-meaning-changed',
    'breaking',
  ],
  [
    'options reordered',
    (t) => {
      item(t, 'motif_arret').options?.reverse()
    },
    'item-options-reordered',
    'cosmetic',
  ],
  [
    'options source changed',
    (t) => {
      item(t, 'ucd').optionsFrom = 'indications'
    },
    'item-options-from-changed',
    'breaking',
  ],
  [
    'P2: bounds narrowed',
    (t) => {
      item(t, 'poids_kg').max = 300
    },
    'item-bounds-narrowed',
    'breaking',
  ],
  [
    'bounds widened',
    (t) => {
      item(t, 'poids_kg').min = 0.5
    },
    'item-bounds-widened',
    'compatible',
  ],
  [
    'maxLength lowered',
    (t) => {
      item(t, 'motif_arret_autre').maxLength = 100
    },
    'item-bounds-narrowed',
    'breaking',
  ],
  [
    'minDate added',
    (t) => {
      item(t, 'date_initiation').minDate = '2026-01-01'
    },
    'item-bounds-narrowed',
    'breaking',
  ],
  [
    'decimals lowered',
    (t) => {
      item(t, 'poids_kg').decimals = 0
    },
    'item-bounds-narrowed',
    'breaking',
  ],
  [
    'rows limit raised',
    (t) => {
      ;(item(t, 'traitements_anterieurs') as Item).maxRows = 50
    },
    'item-bounds-widened',
    'compatible',
  ],
  [
    'P2: required added',
    (t) => {
      item(t, 'traitement_debut').required = true
    },
    'item-required-added',
    'breaking',
  ],
  [
    'required removed',
    (t) => {
      item(t, 'poursuite').required = false
    },
    'item-required-removed',
    'compatible',
  ],
  [
    'condition changed',
    (t) => {
      item(t, 'contraception').when = { item: 'sexe', equals: 'F' }
    },
    'item-condition-changed',
    'review',
  ],
  [
    'pattern added',
    (t) => {
      item(t, 'traitement_nom').pattern = '^[A-Z]'
    },
    'item-pattern-changed',
    'breaking',
  ],
  [
    'pattern removed',
    unchanged,
    'item-pattern-changed',
    'compatible',
    (t) => {
      item(t, 'traitement_nom').pattern = '^[A-Z]'
    },
  ],
  [
    'format added',
    (t) => {
      item(t, 'motif_arret_autre').format = 'email'
    },
    'item-format-changed',
    'breaking',
  ],
  [
    'unit changed',
    (t) => {
      item(t, 'poids_kg').unit = 'g'
    },
    'item-unit-changed',
    'breaking',
  ],
  [
    'filled by changed',
    (t) => {
      item(t, 'poids_kg').filledBy = ['pharmacist']
    },
    'item-filled-by-changed',
    'review',
  ],
  [
    'column added',
    (t) => {
      ;(item(t, 'traitements_anterieurs') as Item).columns?.push({
        id: 'traitement_fin',
        label: 'Fin',
        type: 'month-year',
      })
    },
    'item-added',
    'compatible',
  ],
  [
    'column removed',
    (t) => {
      const r = item(t, 'traitements_anterieurs') as Item
      r.columns = r.columns?.filter((c) => c.id !== 'traitement_debut')
    },
    'item-removed',
    'breaking',
  ],
  [
    'column maxLength lowered',
    (t) => {
      item(t, 'traitement_nom').maxLength = 50
    },
    'item-bounds-narrowed',
    'breaking',
  ],
  [
    'item moved between catalogue groups',
    (t) => {
      const p = find(t.catalogue[2]?.items.pop(), 'poursuite')
      t.catalogue[3]?.items.push(p)
    },
    'item-group-changed',
    'cosmetic',
  ],
  [
    'column becomes a top-level item',
    (t) => {
      const r = item(t, 'traitements_anterieurs') as Item
      const c = find(r.columns?.pop(), 'column')
      t.catalogue[0]?.items.push(c)
    },
    'item-parent-changed',
    'breaking',
  ],
  [
    'P2: item moved between fiches',
    (t) => {
      const s = fiche(t, 'suivi').sections[0]
      if (s) s.elements = [{ item: 'date_visite' }]
      fiche(t, 'arret').sections[0]?.elements.push({ item: 'poursuite' })
    },
    'item-fiches-changed',
    'review',
  ],
  // fiches
  [
    'fiche added',
    (t) => {
      t.fiches.push({ id: 'ei', kind: 'ei', title: 'EI', repeatable: true, sections: [] })
    },
    'fiche-added',
    'compatible',
  ],
  [
    'P2: fiche removed',
    (t) => {
      t.fiches = t.fiches.filter((f) => f.id !== 'arret')
    },
    'fiche-removed',
    'breaking',
  ],
  [
    'fiche kind changed',
    (t) => {
      fiche(t, 'arret').kind = 'autre'
    },
    'fiche-kind-changed',
    'breaking',
  ],
  [
    'fiche title reworded',
    (t) => {
      fiche(t, 'arret').title = 'Arrêt définitif'
    },
    'fiche-title-changed',
    'cosmetic',
  ],
  [
    'fiche annex changed',
    (t) => {
      fiche(t, 'arret').annex = 'Annexe 5'
    },
    'fiche-presentation-changed',
    'cosmetic',
  ],
  [
    'fiche no longer repeatable',
    unchanged,
    'fiche-repeatable-changed',
    'breaking',
    (t) => {
      fiche(t, 'suivi').repeatable = true
    },
  ],
  [
    'fiche becomes repeatable',
    (t) => {
      fiche(t, 'suivi').repeatable = true
    },
    'fiche-repeatable-changed',
    'compatible',
  ],
  [
    'fiche scoped to a UCD',
    (t) => {
      fiche(t, 'suivi').ucd = '9000001'
    },
    'fiche-ucd-changed',
    'review',
  ],
  [
    'section added',
    (t) => {
      fiche(t, 'suivi').sections.push({ id: 'notes', title: 'Notes', elements: [{ note: 'Fin.' }] })
    },
    'section-added',
    'cosmetic',
  ],
  [
    'section removed',
    unchanged,
    'section-removed',
    'cosmetic',
    (t) => {
      fiche(t, 'fat').sections.push({ id: 'vide', title: 'Vide', elements: [] })
    },
  ],
  [
    'section renamed',
    (t) => {
      find(fiche(t, 'fat').sections[0], 'section').title = 'Identité'
    },
    'section-renamed',
    'cosmetic',
  ],
  [
    'section description',
    (t) => {
      find(fiche(t, 'fat').sections[0], 'section').description = 'Données du patient'
    },
    'section-description-changed',
    'cosmetic',
  ],
  [
    'sections reordered',
    (t) => {
      fiche(t, 'fat').sections.reverse()
    },
    'sections-reordered',
    'cosmetic',
  ],
  [
    'section condition',
    (t) => {
      find(fiche(t, 'fat').sections[1], 'section').when = { item: 'sexe', filled: true }
    },
    'section-when-changed',
    'review',
  ],
  [
    'element order',
    (t) => {
      find(fiche(t, 'suivi').sections[0], 'section').elements.reverse()
    },
    'fiche-elements-reordered',
    'cosmetic',
  ],
  [
    'element moved to another section',
    (t) => {
      const [p, tr] = fiche(t, 'fat').sections
      const e = find(p?.elements.pop(), 'element')
      tr?.elements.push(e)
    },
    'element-section-changed',
    'cosmetic',
  ],
  [
    'widget changed',
    (t) => {
      const e = find(fiche(t, 'fat').sections[1]?.elements[0], 'element')
      if ('item' in e) e.widget = 'select'
    },
    'element-widget-changed',
    'cosmetic',
  ],
  [
    'element condition',
    (t) => {
      const e = find(fiche(t, 'suivi').sections[0]?.elements[1], 'element')
      if ('item' in e) e.when = { item: 'date_visite', filled: true }
    },
    'element-when-changed',
    'review',
  ],
  [
    'element read-only',
    (t) => {
      const e = find(fiche(t, 'suivi').sections[0]?.elements[1], 'element')
      if ('item' in e) e.readOnly = true
    },
    'element-read-only-changed',
    'review',
  ],
  [
    'note changed',
    (t) => {
      fiche(t, 'suivi').sections[0]?.elements.push({ note: 'Renseigner à chaque visite.' })
    },
    'fiche-notes-changed',
    'cosmetic',
  ],
  [
    'required signatures changed',
    (t) => {
      fiche(t, 'fat').signatures = { required: ['prescriber'], optional: ['pharmacist'] }
    },
    'signatures-required-changed',
    'review',
  ],
  [
    'optional signatures changed',
    (t) => {
      fiche(t, 'suivi').signatures = { optional: ['prescriber'] }
    },
    'signatures-optional-changed',
    'review',
  ],
  [
    'access override',
    (t) => {
      fiche(t, 'suivi').access = { pnm: 'read' }
    },
    'fiche-access-changed',
    'review',
  ],
  // C8.1: item equivalences of a fiche with another programme's fiche
  [
    'C8.1: prefill equivalence added',
    (t) => {
      fiche(t, 'fat').prefill = [
        { from: { programme: 'testmab-aac', fiche: 'fat' }, items: { sexe: 'sexe' } },
      ]
    },
    'prefill-equivalence-added',
    'review',
  ],
  [
    'C8.1: prefill equivalence removed',
    (t) => {
      fiche(t, 'fat').prefill = [
        { from: { programme: 'testmab-aac', fiche: 'fat' }, items: { sexe: 'sexe' } },
      ]
    },
    'prefill-equivalence-removed',
    'compatible',
    (t) => {
      fiche(t, 'fat').prefill = [
        { from: { programme: 'testmab-aac', fiche: 'fat' }, items: { sexe: 'sexe', poids_kg: 'poids' } },
      ]
    },
  ],
  [
    'C8.1: prefill equivalence re-pointed to another source item',
    (t) => {
      fiche(t, 'fat').prefill = [
        { from: { programme: 'testmab-aac', fiche: 'fat' }, items: { poids_kg: 'poids_actuel' } },
      ]
    },
    'prefill-equivalence-changed',
    'review',
    (t) => {
      fiche(t, 'fat').prefill = [
        { from: { programme: 'testmab-aac', fiche: 'fat' }, items: { poids_kg: 'poids' } },
      ]
    },
  ],
  // schedule
  [
    'schedule removed',
    (t) => {
      delete t.schedule
    },
    'schedule-removed',
    'review',
  ],
  [
    'schedule added',
    unchanged,
    'schedule-added',
    'review',
    (t) => {
      delete t.schedule
    },
  ],
  [
    'schedule anchor changed',
    (t) => {
      schedule(t).anchor = { fiche: 'fat', item: 'poids_kg' }
    },
    'schedule-anchor-changed',
    'breaking',
  ],
  [
    'visit added',
    (t) => {
      schedule(t).visits?.push({ id: 'm3', label: 'M3', fiche: 'suivi', offset: 'P3M' })
    },
    'visit-added',
    'review',
  ],
  [
    'visit removed',
    (t) => {
      schedule(t).visits = []
    },
    'visit-removed',
    'review',
  ],
  [
    'P2: visit offset changed',
    (t) => {
      visit(t, 'm1').offset = 'P2M'
    },
    'visit-timing-changed',
    'review',
  ],
  [
    'visit window changed',
    (t) => {
      visit(t, 'm1').window = { before: 'P14D' }
    },
    'visit-timing-changed',
    'review',
  ],
  [
    'repeating visit period changed',
    (t) => {
      find(schedule(t).repeating?.[0], 'repeating').every = 'P3M'
    },
    'visit-timing-changed',
    'review',
  ],
  [
    'visit fiche changed',
    (t) => {
      visit(t, 'm1').fiche = 'arret'
    },
    'visit-fiche-changed',
    'review',
  ],
  [
    'visit renamed',
    (t) => {
      visit(t, 'm1').label = 'Mois 1'
    },
    'visit-label-changed',
    'cosmetic',
  ],
  [
    'visit scoped to a UCD',
    (t) => {
      visit(t, 'm1').ucd = '9000001'
    },
    'visit-ucd-changed',
    'review',
  ],
  // documents
  [
    'user guide edited',
    (t) => {
      if (t.documents?.userGuide) t.documents.userGuide.content = 'Nouveau guide.'
    },
    'document-changed',
    'cosmetic',
  ],
  [
    'questionnaire added',
    (t) => {
      t.documents = {
        ...t.documents,
        resources: [{ id: 'qdv', title: 'QdV', kind: 'questionnaire', content: 'Q' }],
      }
    },
    'document-added',
    'cosmetic',
  ],
  [
    'user guide removed',
    (t) => {
      delete t.documents
    },
    'document-removed',
    'cosmetic',
  ],
]

describe('diffTemplates', () => {
  it('P2: identical versions, even written differently, have no change', () => {
    const rewritten = parsed(stringify(base.template), 'v2.yaml')
    const diff = diffTemplates(base, rewritten)
    expect(diff.changes).toEqual([])
    expect(diff.counts).toEqual({ breaking: 0, review: 0, compatible: 0, cosmetic: 0 })
  })

  // printf-style names: `$name` would quote and truncate them, and requirement IDs must lead the name.
  const rows = CASES.map(([name, edit, kind, cls, before]) => [name, kind, cls, edit, before] as const)
  it.each(rows)('%s → %s (%s)', (_name, kind, cls, edit, before) => {
    const a = before ? edited(before) : base
    const b = edited(edit)
    const diff = diffTemplates(a, b)
    const change = diff.changes.find((c) => c.kind === kind)
    expect(change, JSON.stringify(diff.changes.map((c) => c.kind))).toBeDefined()
    expect(change?.class).toBe(cls)
    expect(change?.message).not.toBe('')
    // Located where a reviewer can see it: in B, or in A for what B no longer has.
    expect((change?.atB ?? change?.atA)?.line).toBeGreaterThan(0)
    expect(diff.counts[cls]).toBeGreaterThan(0)
  })

  it('P2: the cases cover every change kind', () => {
    const covered = new Set(CASES.map(([, , kind]) => kind))
    expect(ChangeKinds.filter((k) => !covered.has(k))).toEqual([])
  })

  it('P2: every change kind has a class and a French message', () => {
    for (const kind of ChangeKinds) {
      expect(CLASSIFICATION[kind], kind).toBeDefined()
      expect(MESSAGES_FR[kind], kind).toBeTypeOf('function')
    }
  })

  it('P2: an item moved between fiches names both, and says collected data stays in the old fiche', () => {
    const b = edited((t) => {
      const s = fiche(t, 'suivi').sections[0]
      if (s) s.elements = [{ item: 'date_visite' }]
      fiche(t, 'arret').sections[0]?.elements.push({ item: 'poursuite' })
    })
    const change = diffTemplates(base, b).changes.find((c) => c.kind === 'item-fiches-changed')
    expect(change).toMatchObject({ target: { itemId: 'poursuite' }, before: ['suivi'], after: ['arret'] })
    expect(change?.message).toMatch(/restent dans les fiches d'origine/)
  })

  it('P2: a removed option points at its line in the old version and keeps its label', () => {
    const b = edited((t) => {
      const i = item(t, 'motif_arret')
      i.options = i.options?.filter((o) => o.code !== 'toxicite')
    })
    const change = diffTemplates(base, b).changes.find((c) => c.kind === 'item-option-removed')
    expect(change?.atB).toBeUndefined()
    expect(change?.atA?.file).toBe('v1.yaml')
    expect(minimal.split('\n')[(change?.atA?.line ?? 0) - 1]).toContain('toxicite')
    expect(change?.message).toMatch(/Toxicité.*deviennent invalides/)
  })

  it('P2: the diff is deterministic and the counts add up', () => {
    const b = edited((t) => {
      t.fiches = t.fiches.filter((f) => f.id !== 'arret')
      item(t, 'poids_kg').max = 300
      item(t, 'poids_kg').label = 'Poids (kg)'
      t.metadata.ucds.push({ code: '9000003', label: 'Testmab 50 mg', dosage: '50 mg' })
    })
    const first = diffTemplates(base, b)
    expect(diffTemplates(base, b)).toEqual(first)
    const total = Object.values(first.counts).reduce((x, y) => x + y, 0)
    expect(total).toBe(first.changes.length)
    expect(first.from).toEqual({ programme: 'testmab-aap', version: '1.0' })
  })

  it('a relabel is a change of meaning only when the new label was another code’s', () => {
    const a = [
      { code: '1', label: 'Vanille' },
      { code: '2', label: 'Chocolat' },
    ]
    expect(
      codeMeaningChanged('1', a, [
        { code: '1', label: 'chocolat' },
        { code: '2', label: 'Fraise' },
      ]),
    ).toBe(true)
    expect(codeMeaningChanged('1', a, [{ code: '1', label: 'Vanille bourbon' }, a[1] as (typeof a)[0]])).toBe(
      false,
    )
  })
})
