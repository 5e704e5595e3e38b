/**
 * A large, realistic, valid PUT template for benchmarks: a mix of item types like real fiches, "si oui,
 * préciser" conditions, repeated rows and 12 fiches; deterministic for a given seed.
 */
import type {
  Condition,
  Fiche,
  FicheKind,
  Item,
  Section,
  Template,
} from '../src/core/model/template-schema.ts'

export interface GenerateOptions {
  items?: number
  seed?: number
}

/** mulberry32: a tiny seeded PRNG, so two runs build the same template. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FICHE_KINDS: FicheKind[] = [
  'fat',
  'fit',
  'suivi',
  'arret',
  'ei',
  'situation-particuliere',
  'qdv',
  'autre',
  'autre',
  'autre',
  'autre',
  'autre',
]

const WORDS = [
  'Poids',
  'Taille',
  'Score',
  'Bilan',
  'Antécédent',
  'Examen',
  'Résultat',
  'Traitement',
  'Symptôme',
  'Dose',
]

/** Cumulative weights of item types, close to the fiches of put-models.md (many dates, yes/no and choices). */
const TYPE_MIX: [Item['type'], number][] = [
  ['text', 0.14],
  ['long-text', 0.19],
  ['integer', 0.33],
  ['decimal', 0.43],
  ['date', 0.57],
  ['month-year', 0.6],
  ['yes-no', 0.75],
  ['single-choice', 0.9],
  ['multiple-choice', 0.97],
  ['repeat', 1],
]

export function generateTemplate(options: GenerateOptions = {}): Template {
  const total = options.items ?? 2000
  const next = random(options.seed ?? 42)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
  const perFiche = Math.ceil(total / FICHE_KINDS.length)
  let made = 0
  const catalogue: Template['catalogue'] = []
  const fiches: Fiche[] = []

  FICHE_KINDS.forEach((kind, f) => {
    const ficheId = `${kind.replace(/-/g, '_')}_${f}`
    const items: Item[] = []
    if (kind === 'fat')
      items.push({
        id: 'ucd',
        label: 'Dosage prévu',
        type: 'single-choice',
        optionsFrom: 'ucds',
        required: true,
      })
    if (kind === 'fit')
      items.push({
        id: 'date_initiation',
        label: 'Date de la première administration',
        type: 'date',
        required: true,
      })
    while (items.length < perFiche && made + items.length < total) {
      const n = made + items.length
      const id = `f${f}_i${n}`
      const label = `${pick(WORDS)} ${n}`
      const draw = next()
      const type = (TYPE_MIX.find(([, weight]) => draw < weight) ?? TYPE_MIX[0])?.[0] ?? 'text'
      const item = makeItem(id, label, type, next)
      const previous = items[items.length - 1]
      // "Si oui, préciser": a third of the items after a yes/no depend on it.
      if (previous?.type === 'yes-no' && next() < 0.35) item.when = { item: previous.id, equals: true }
      else if (previous?.type === 'single-choice' && previous.options && next() < 0.2) {
        item.when = { item: previous.id, equals: previous.options[0]?.code ?? '' } satisfies Condition
      }
      items.push(item)
    }
    made += items.length
    catalogue.push({ id: `annexe_${f}`, title: `Annexe ${f + 1}`, annex: `Annexe ${f + 1}`, items })
    const sections: Section[] = []
    for (let s = 0; s * 15 < items.length; s++) {
      sections.push({
        id: `section_${s}`,
        title: `Section ${s + 1}`,
        elements: items.slice(s * 15, s * 15 + 15).map((i) => ({ item: i.id })),
      })
    }
    fiches.push({
      id: ficheId,
      kind,
      title: `Fiche ${f + 1} (${kind})`,
      ...(kind === 'ei' || kind === 'situation-particuliere' ? { repeatable: true } : {}),
      ...(kind === 'fat' ? { signatures: { required: ['prescriber', 'pharmacist'] } } : {}),
      sections,
    })
  })

  const suivi = fiches.find((f) => f.kind === 'suivi')?.id ?? 'suivi_2'
  const fit = fiches.find((f) => f.kind === 'fit')?.id ?? 'fit_1'
  return {
    openput: 1,
    programme: 'generated-aap',
    version: '1.0',
    effectiveDate: '2026-01-15',
    metadata: {
      medicine: { name: 'Genemab', dci: 'genumab' },
      holder: 'Laboratoire Généré',
      framework: 'aap-pre-amm',
      putKind: 'PUT-RD',
      decisions: [{ authority: 'HAS', reference: 'Décision 2026.0042', date: '2026-01-10' }],
      indications: [{ id: 'adulte', label: 'Maladie X de l’adulte' }],
      ucds: [
        { code: '9000001', label: 'Genemab 100 mg', dosage: '100 mg' },
        { code: '9000002', label: 'Genemab 300 mg', dosage: '300 mg' },
      ],
    },
    catalogue,
    fiches,
    schedule: {
      anchor: { fiche: fit, item: 'date_initiation' },
      visits: [
        { id: 'm1', label: 'M1', fiche: suivi, offset: 'P1M', window: { before: 'P7D', after: 'P14D' } },
        { id: 'm3', label: 'M3', fiche: suivi, offset: 'P3M' },
      ],
      repeating: [{ id: 'tous_6_mois', label: 'Tous les 6 mois', fiche: suivi, every: 'P6M', from: 'P6M' }],
    },
    documents: { userGuide: { title: 'Guide', content: 'Saisie des fiches et règles d’accès.' } },
  }
}

function makeItem(id: string, label: string, type: Item['type'], next: () => number): Item {
  const required = next() < 0.4 ? { required: true } : {}
  switch (type) {
    case 'text':
      return { id, label, type, maxLength: 200, ...required }
    case 'long-text':
      return { id, label, type, maxLength: 2000 }
    case 'integer':
      return { id, label, type, min: 0, max: 1000, ...required }
    case 'decimal':
      return { id, label, type, min: 0, max: 500, decimals: 1, unit: 'mg/L', ...required }
    case 'single-choice':
    case 'multiple-choice': {
      const count = 3 + Math.floor(next() * 4)
      const options = Array.from({ length: count }, (_, o) => ({ code: `c${o}`, label: `Modalité ${o + 1}` }))
      return { id, label, type, options, ...required }
    }
    case 'repeat':
      return {
        id,
        label,
        type,
        maxRows: 20,
        columns: [
          { id: `${id}_nom`, label: 'Nom', type: 'text', maxLength: 200, required: true },
          { id: `${id}_debut`, label: 'Début', type: 'month-year' },
          { id: `${id}_dose`, label: 'Dose', type: 'decimal', unit: 'mg', min: 0 },
        ],
      }
    default:
      return { id, label, type, ...required }
  }
}

/**
 * The next version of a template, as a PUT revision would make it: rewordings, narrowed bounds, removed
 * options and items, an item moved to another fiche, a reordered section. Returns a modified copy.
 */
export function mutateTemplate(template: Template): Template {
  const next = structuredClone(template)
  next.version = `${next.version}.1`
  const items = next.catalogue.flatMap((g) => g.items)
  items.forEach((item, i) => {
    if (i % 10 === 0) item.label = `${item.label} (révisé)`
    if (i % 13 === 0 && item.max !== undefined) item.max = item.max / 2
    if (i % 7 === 0 && item.options && item.options.length > 2) item.options.pop()
    if (i % 17 === 0 && item.type === 'integer') item.type = 'decimal'
  })
  const removed = new Set(items.filter((_, i) => i % 97 === 5).map((i) => i.id))
  for (const group of next.catalogue) group.items = group.items.filter((i) => !removed.has(i.id))
  for (const fiche of next.fiches) {
    for (const section of fiche.sections) {
      section.elements = section.elements.filter((e) => !('item' in e) || !removed.has(e.item))
    }
  }
  // Move the last element of the first fiche into the last fiche, and reorder one section.
  const [first, last] = [next.fiches[0], next.fiches[next.fiches.length - 1]]
  const moved = first?.sections[first.sections.length - 1]?.elements.pop()
  if (moved && last) last.sections[0]?.elements.push(moved)
  last?.sections[0]?.elements.reverse()
  return next
}
