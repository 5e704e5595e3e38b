/**
 * The templates shipped in put-templates/ are the demo programmes labs start from: each must parse,
 * compile to schemas ajv accepts and pass the charter checks, and the AAP's 2.0 must differ from its 1.0.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkPrefillAcross } from '../src/core/checks/prefill-across.ts'
import { checkTemplate } from '../src/core/checks/run.ts'
import { createFicheAjv } from '../src/core/compile/ajv.ts'
import { compileTemplate } from '../src/core/compile/compile.ts'
import { diffTemplates } from '../src/core/diff/diff.ts'
import { indexCatalogue } from '../src/core/model/catalogue.ts'
import { type ParsedTemplate, parseTemplate } from '../src/core/model/parse.ts'
import { prefillMismatches, prefillValues } from '../src/core/model/prefill.ts'
import { FicheKinds } from '../src/core/model/template-schema.ts'

const templatesUrl = new URL('../../../put-templates/', import.meta.url)
const files = readdirSync(templatesUrl, { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.ya?ml$/.test(file))
  .sort()

function load(file: string): ParsedTemplate {
  const result = parseTemplate(readFileSync(new URL(file, templatesUrl), 'utf8'), file)
  if (!result.ok)
    throw new Error(
      `${file}: ${result.errors.map((e) => `${e.at.line}:${e.at.column} ${e.message}`).join('; ')}`,
    )
  return result.value
}

const aap1 = 'examplimab-aap/1.0.yaml'
const aap2 = 'examplimab-aap/2.0.yaml'
const aac = 'fictivanib-aac/1.0.yaml'
const aacBeforeAap = 'examplimab-aac/1.0.yaml'

describe('shipped templates', () => {
  it('holds the AAP in two versions and the AAC', () => {
    expect(files).toEqual(expect.arrayContaining([aap1, aap2, aac, aacBeforeAap]))
  })

  it.each(files)('%s parses, and starts with its schema comment and a description', (file) => {
    const text = readFileSync(new URL(file, templatesUrl), 'utf8')
    const [schemaLine, ...rest] = text.split('\n')
    expect(schemaLine).toBe('# yaml-language-server: $schema=../openput-template.schema.json')
    expect(rest[0]).toMatch(/^# \S/)
    expect(() => load(file)).not.toThrow()
    expect(load(file).template.programme).toBe(file.split('/')[0])
  })

  it.each(files)('%s compiles every fiche to a schema ajv accepts', (file) => {
    const compiled = compileTemplate(load(file).template)
    const ajv = createFicheAjv()
    expect(compiled.fiches.length).toBeGreaterThan(0)
    for (const fiche of compiled.fiches) expect(() => ajv.compile(fiche.schema), fiche.ficheId).not.toThrow()
  })

  it.each(files)('%s passes the charter checks with no error finding', (file) => {
    const errors = checkTemplate(load(file)).filter((finding) => finding.severity === 'error')
    expect(errors.map((e) => `${e.at.line}:${e.at.column} ${e.rule}: ${e.message}`)).toEqual([])
  })

  it.each(files)('%s bounds every free-text item (maxLength) and every number', (file) => {
    for (const [id, { item }] of indexCatalogue(load(file).template)) {
      if (item.type === 'text' || item.type === 'long-text') expect(item.maxLength, id).toBeDefined()
      if (item.type === 'integer' || item.type === 'decimal') {
        expect([item.min, item.max], id).not.toContain(undefined)
      }
    }
  })

  it('P1: each template says whether it is a PUT-RD (AAP) or a PUT-SP (AAC)', () => {
    expect(load(aap1).template.metadata).toMatchObject({ framework: 'aap-pre-amm', putKind: 'PUT-RD' })
    expect(load(aac).template.metadata).toMatchObject({ framework: 'aac', putKind: 'PUT-SP' })
  })
})

describe('the AAP template (examplimab-aap)', () => {
  const { template } = load(aap1)

  it('has a fiche of every kind the HAS model knows', () => {
    const kinds = new Set(template.fiches.map((f) => f.kind))
    for (const kind of FicheKinds.filter((k) => k !== 'autre')) expect(kinds, kind).toContain(kind)
  })

  it('C1.2: covers two UCDs with a single FAT whose dosage is a choice from the UCD list', () => {
    expect(template.metadata.ucds.length).toBeGreaterThanOrEqual(2)
    const fats = template.fiches.filter((f) => f.kind === 'fat')
    expect(fats).toHaveLength(1)
    expect(fats[0]?.ucd).toBeUndefined()
    const catalogue = indexCatalogue(template)
    const fatItems =
      fats[0]?.sections.flatMap((s) => s.elements.flatMap((e) => ('item' in e ? [e.item] : []))) ?? []
    expect(fatItems.some((id) => catalogue.get(id)?.item.optionsFrom === 'ucds')).toBe(true)
  })

  it('C3.3: states and describes the access of each of its indications', () => {
    expect(template.metadata.indications.length).toBeGreaterThanOrEqual(2)
    for (const indication of template.metadata.indications) {
      expect(indication.access, indication.id).toBeDefined()
      expect(indication.accessDescription?.trim(), indication.id).toBeTruthy()
    }
  })

  it('C5.6: requires the prescriber and pharmacist signatures on the FAT and on no other fiche', () => {
    for (const fiche of template.fiches) {
      const required = fiche.signatures?.required ?? []
      expect(required, fiche.id).toEqual(fiche.kind === 'fat' ? ['prescriber', 'pharmacist'] : [])
    }
  })

  it('C1.4: ships the QdV questionnaire and the patient information note as resources', () => {
    const kinds = template.documents?.resources?.map((r) => r.kind)
    expect(kinds).toEqual(expect.arrayContaining(['questionnaire', 'information-note']))
  })

  it('P3: sets a six-month report periodicity', () => {
    expect(template.metadata.reportPeriodicity).toBe('P6M')
  })

  it('schedules M1, M3, M6 then every 6 months from M12, counted from the FIT first administration', () => {
    const { schedule } = template
    expect(schedule?.anchor).toEqual({ fiche: 'fit', item: 'date_premiere_administration' })
    const suivi = schedule?.visits?.filter((v) => v.fiche === 'suivi').map((v) => v.offset)
    expect(suivi).toEqual(['P1M', 'P3M', 'P6M'])
    expect(schedule?.repeating).toContainEqual(
      expect.objectContaining({ fiche: 'suivi', every: 'P6M', from: 'P12M' }),
    )
  })

  it('accepts a realistic FAT and requires a "préciser" once its condition holds', () => {
    const fat = compileTemplate(template).fiches.find((f) => f.kind === 'fat')
    const validate = createFicheAjv({ allErrors: true }).compile(fat?.schema ?? {})
    expect(validate(realisticFat), JSON.stringify(validate.errors)).toBe(true)
    const unspecified = { ...realisticFat, contraception_methode: 'autre' }
    expect(validate(unspecified)).toBe(false)
    expect(validate({ ...unspecified, contraception_methode_autre: 'Préservatif et spermicide' })).toBe(true)
  })
})

describe('the AAC template (fictivanib-aac)', () => {
  const { template } = load(aac)

  it('P4: states a treatment duration of at most one year', () => {
    expect(template.metadata.authorisationDuration).toBe('P1Y')
  })

  it('asks a justification for each unmet access criterion', () => {
    const catalogue = indexCatalogue(template)
    const criteria = [...catalogue.keys()].filter(
      (id) => /^crit_[a-z_]+$/.test(id) && !id.endsWith('_justif'),
    )
    expect(criteria.length).toBeGreaterThan(3)
    for (const id of criteria) {
      expect(catalogue.get(`${id}_justif`)?.item.when, id).toEqual({ item: id, equals: false })
    }
  })

  it('schedules a follow-up at M3, then every 3 months', () => {
    expect(template.schedule?.visits).toContainEqual(
      expect.objectContaining({ fiche: 'suivi', offset: 'P3M' }),
    )
    expect(template.schedule?.repeating).toContainEqual(
      expect.objectContaining({ fiche: 'suivi', every: 'P3M' }),
    )
  })
})

describe('C8.1: the AAP FAT is prefilled from the AAC of the same medicine (examplimab-aac)', () => {
  const target = load(aap2).template
  const source = load(aacBeforeAap).template

  it('P4: the AAC states a treatment duration within one day to one year', () => {
    expect(source.metadata).toMatchObject({
      framework: 'aac',
      putKind: 'PUT-SP',
      authorisationDuration: 'P6M',
    })
  })

  it('C8.1: every equivalence the AAP declares names an AAC item whose answers fit the AAP item', () => {
    const fat = target.fiches.find((f) => f.kind === 'fat')
    const equivalences = fat?.prefill?.flatMap((p) => Object.keys(p.items)) ?? []
    expect(equivalences.length).toBeGreaterThan(15)
    expect(prefillMismatches(target, source)).toEqual([])
  })

  it('C8.1: an AAC request carries its values into the AAP FAT, and a mismatched equivalence carries none', () => {
    const request = {
      initiales: 'DM',
      sexe: 'F',
      poids_kg: 64.5,
      indication: 'lf',
      justification_aac: 'Aucune alternative.',
      traitements_anterieurs: [{ ta_traitement: 'R-CHOP', ta_debut: '2019-03' }],
    }
    const values = prefillValues(target, 'fat', source, 'demande_acces', request)
    expect(Object.fromEntries(values.map((v) => [v.item, v.value]))).toEqual({
      initiales: 'DM',
      sexe: 'F',
      poids_kg: 64.5,
      indication: 'lf',
      traitements_anterieurs: [{ ta_traitement: 'R-CHOP', ta_debut: '2019-03' }],
    })
    const broken = structuredClone(target)
    const entry = broken.fiches.find((f) => f.kind === 'fat')?.prefill?.[0]
    if (entry) entry.items = { ...entry.items, poids_kg: 'sexe', date_demande: 'justification_aac' }
    expect(prefillMismatches(broken, source).map((m) => [m.item, m.reason])).toEqual([
      ['poids_kg', 'type-mismatch'],
      ['date_demande', 'type-mismatch'],
    ])
    const carried = prefillValues(broken, 'fat', source, 'demande_acces', request).map((v) => v.item)
    expect(carried).not.toContain('poids_kg')
    expect(carried).toContain('sexe')
  })
})

describe('C8.1: prefill equivalences checked across the shipped templates', () => {
  it('C8.1: every shipped template checked together with the others has no prefill finding', () => {
    expect(checkPrefillAcross(files.map(load))).toEqual([])
  })

  it('C8.1: a mismatched equivalence is an error located at its line, worded for the lab', () => {
    const text = readFileSync(new URL(aap2, templatesUrl), 'utf8').replace(
      '          poids_kg: poids_kg\n',
      '          poids_kg: sexe\n',
    )
    const parsed = parseTemplate(text, aap2)
    if (!parsed.ok) throw new Error('unparsable variant')
    const findings = checkPrefillAcross([parsed.value, load(aacBeforeAap)])
    expect(findings.map((f) => [f.rule, f.severity, f.params.reason])).toEqual([
      ['prefill-reference', 'error', 'type-mismatch'],
    ])
    expect(text.split('\n')[(findings[0]?.at.line ?? 0) - 1]).toContain('poids_kg: sexe')
    expect(findings[0]?.message).toContain('examplimab-aac')
  })
})

describe('C5.1: the user guide of each template gives the access rules per role', () => {
  it.each(files)('%s', (file) => {
    const guide = load(file).template.documents?.userGuide?.content ?? ''
    expect(guide).toMatch(/## \d+\. Règles d'accès/)
    for (const words of [
      'Prescripteur',
      'Pharmacien de PUI',
      'PNM',
      'saisie et signature',
      'saisie uniquement',
    ]) {
      expect(guide).toContain(words)
    }
    // C2.1–C2.2: paper forms are allowed and transcribing them asks nobody to sign again.
    expect(guide).toMatch(/sans vous demander de signer|ne vous sera pas demandé de signer/)
  })
})

describe('P2: version 2.0 of the AAP', () => {
  const diff = diffTemplates(load(aap1), load(aap2))

  it('reports at least one breaking change, and the changes its notes announce', () => {
    expect(diff.counts.breaking).toBeGreaterThan(0)
    const kinds = diff.changes.map((c) => c.kind)
    for (const kind of [
      'item-added',
      'item-option-removed',
      'item-label-changed',
      'item-bounds-narrowed',
      'item-option-relabelled',
      'item-fiches-changed',
      'visit-added',
    ] as const) {
      expect(kinds, kind).toContain(kind)
    }
  })

  it('keeps the same programme and fiches', () => {
    expect(diff.to.programme).toBe(diff.from.programme)
    expect(load(aap2).template.fiches.map((f) => f.id)).toEqual(load(aap1).template.fiches.map((f) => f.id))
  })
})

/** A woman of childbearing potential with follicular lymphoma, every criterion met. */
const realisticFat = {
  date_demande: '2026-04-08',
  initiales: 'DM',
  sexe: 'F',
  naissance_mois_annee: '1968-05',
  poids_kg: 64.5,
  taille_cm: 165,
  prescripteur_nom: 'Claire Exemple',
  prescripteur_rpps: '10001234567',
  prescripteur_specialite: 'hematologie',
  prescripteur_etablissement: 'Centre hospitalier universitaire de Démoville',
  prescripteur_finess: '750000001',
  prescripteur_telephone: '01 23 45 67 89',
  prescripteur_email: 'claire.exemple@chu-demoville.example',
  pharmacien_nom: 'Paul Modèle',
  pharmacien_rpps: '10007654321',
  pharmacien_etablissement: 'PUI du CHU de Démoville',
  pharmacien_finess: '750000001',
  pharmacien_telephone: '01 23 45 67 00',
  pharmacien_email: 'pui@chu-demoville.example',
  indication: 'lf',
  date_diagnostic: '2019-02-11',
  lf_grade: 'g1_2',
  stade_ann_arbor: 'III',
  ecog: '1',
  flipi: 3,
  pod24: true,
  nombre_lignes_anterieures: 2,
  refractaire_derniere_ligne: false,
  ci_age: true,
  ci_diagnostic: true,
  ci_lignes: true,
  ci_ecog: true,
  ci_hematologie: true,
  ci_alternative: true,
  ci_information: true,
  cni_snc: false,
  cni_transformation: false,
  cni_infection: false,
  cni_allogreffe: false,
  cni_grossesse: false,
  cni_hypersensibilite: false,
  traitements_anterieurs: [
    {
      ta_traitement: 'R-CHOP',
      ta_type: 'immunochimiotherapie',
      ta_debut: '2019-03',
      ta_fin: '2019-08',
      ta_reponse: 'rc',
    },
    {
      ta_traitement: 'Lénalidomide-rituximab',
      ta_type: 'lenalidomide',
      ta_debut: '2024-01',
      ta_motif_arret: 'progression',
    },
  ],
  dose_prevue_mg_kg: 10,
  ucd_prevues: ['3400899999015', '3400899999022'],
  date_debut_prevue: '2026-04-20',
  femme_age_procreer: true,
  test_grossesse_realise: true,
  test_grossesse_date: '2026-04-06',
  test_grossesse_resultat: 'negatif',
  contraception: true,
  contraception_methode: 'diu',
}
