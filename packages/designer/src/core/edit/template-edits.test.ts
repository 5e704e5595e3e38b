import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTemplate } from '../model/parse.ts'
import { serializeTemplate } from '../model/serialize.ts'
import type { Template } from '../model/template-schema.ts'
import { checkTemplateText } from './check-text.ts'
import { conditionInWords, simpleCondition } from './condition-words.ts'
import { parseItemTable } from './item-table.ts'
import { newTemplate } from './new-template.ts'
import {
  addCatalogueGroup,
  addCatalogueItem,
  addCatalogueItems,
  addFiche,
  addItemToSection,
  addSection,
  type EditResult,
  moveElement,
  moveElementToSection,
  moveInList,
  moveSection,
  removeCatalogueItem,
  removeFiche,
  removeSection,
  updateCatalogueItem,
  updateElement,
} from './template-edits.ts'

const minimalText = readFileSync(new URL('../../../test/fixtures/minimal.yaml', import.meta.url), 'utf8')
const minimal = (() => {
  const parsed = parseTemplate(minimalText, 'minimal.yaml')
  if (!parsed.ok) throw new Error('fixture')
  return parsed.value.template
})()

const applied = (result: EditResult): Template => {
  if (!result.ok) throw new Error(result.refusal.message)
  return result.template
}

describe('catalogue edits', () => {
  it('adds an item to a group and refuses an id already used, even as a column', () => {
    const next = applied(
      addCatalogueItem(minimal, 'annexe_suivi', { id: 'ecog', label: 'ECOG', type: 'integer' }),
    )
    expect(next.catalogue[2]!.items.map((i) => i.id)).toEqual(['date_visite', 'poursuite', 'ecog'])
    expect(minimal.catalogue[2]!.items).toHaveLength(2)
    const dup = addCatalogueItem(minimal, 'annexe_suivi', { id: 'traitement_nom', label: 'x', type: 'text' })
    expect(dup).toMatchObject({ ok: false, refusal: { code: 'duplicate-id' } })
  })

  it('adds items in bulk all or nothing', () => {
    const result = addCatalogueItems(minimal, 'annexe_suivi', [
      { id: 'a_1', label: 'A', type: 'text' },
      { id: 'poids_kg', label: 'B', type: 'text' },
    ])
    expect(result).toMatchObject({ ok: false, refusal: { code: 'duplicate-id' } })
  })

  it('updates an item keeping its id and dropping emptied fields', () => {
    const next = applied(updateCatalogueItem(minimal, 'poids_kg', { id: 'autre', unit: '', max: 300 }))
    const item = next.catalogue[0]!.items[1]!
    expect(item).toMatchObject({ id: 'poids_kg', max: 300 })
    expect('unit' in item).toBe(false)
  })

  it('C1.1: removing a collected item leaves its elements for the check to point at', () => {
    const next = applied(removeCatalogueItem(minimal, 'poursuite'))
    expect(next.catalogue[2]!.items.map((i) => i.id)).toEqual(['date_visite'])
    const findings = checkTemplateText(serializeTemplate(next))
    const outside = findings.filter((f) => f.rule === 'field-outside-put')
    expect(outside.map((f) => f.at.path)).toEqual([['fiches', 2, 'sections', 0, 'elements', 1, 'item']])
    expect(removeCatalogueItem(minimal, 'traitement_nom')).toMatchObject({ ok: false })
  })

  it('removes a section and a fiche', () => {
    const next = applied(removeSection(minimal, 'fat', 'traitement'))
    expect(next.fiches[0]!.sections.map((s) => s.id)).toEqual(['patient'])
    expect(applied(removeFiche(next, 'arret')).fiches.map((f) => f.id)).toEqual(['fat', 'fit', 'suivi'])
    expect(removeFiche(minimal, 'nope')).toMatchObject({ ok: false, refusal: { code: 'unknown-target' } })
  })

  it('refuses a group id that is not an identifier', () => {
    expect(addCatalogueGroup(minimal, { id: 'Annexe 5', title: 'x' })).toMatchObject({
      ok: false,
      refusal: { code: 'invalid-id' },
    })
  })
})

describe('form edits', () => {
  it('C1.1: a section receives only catalogue items; a free field is refused, a column too', () => {
    const free = addItemToSection(minimal, 'suivi', 'visite', 'commentaire_libre')
    expect(free).toMatchObject({ ok: false, refusal: { code: 'not-in-catalogue' } })
    if (!free.ok) expect(free.refusal.message).toMatch(/C1\.1/)
    const column = addItemToSection(minimal, 'suivi', 'visite', 'traitement_nom')
    expect(column).toMatchObject({ ok: false, refusal: { code: 'not-in-catalogue' } })
    const next = applied(addItemToSection(minimal, 'suivi', 'visite', 'poids_kg'))
    expect(next.fiches[2]!.sections[0]!.elements).toEqual([
      { item: 'date_visite' },
      { item: 'poursuite' },
      { item: 'poids_kg' },
    ])
  })

  it('moves an element within a section, clamped at the ends', () => {
    const next = applied(moveElement(minimal, 'fat', 'patient', 0, 2))
    expect(next.fiches[0]!.sections[0]!.elements.map((e) => ('item' in e ? e.item : ''))).toEqual([
      'poids_kg',
      'grossesse_possible',
      'sexe',
      'contraception',
    ])
    expect(moveInList([1, 2, 3], 2, 10)).toEqual([1, 2, 3])
    expect(moveInList([1, 2, 3], 0, -1)).toEqual([1, 2, 3])
    expect(moveInList([1, 2, 3], 2, 0)).toEqual([3, 1, 2])
  })

  it('moves sections and moves an element to another section', () => {
    const swapped = applied(moveSection(minimal, 'fat', 1, 0))
    expect(swapped.fiches[0]!.sections.map((s) => s.id)).toEqual(['traitement', 'patient'])
    const moved = applied(
      moveElementToSection(minimal, 'fat', { sectionId: 'patient', index: 1 }, 'traitement'),
    )
    expect(moved.fiches[0]!.sections[1]!.elements.at(-1)).toEqual({ item: 'poids_kg' })
    expect(moved.fiches[0]!.sections[0]!.elements).toHaveLength(3)
  })

  it('sets and removes a widget and a condition on an element', () => {
    const withWidget = applied(
      updateElement(minimal, 'fat', 'patient', 0, {
        widget: 'radio',
        when: { item: 'poids_kg', atLeast: 30 },
      }),
    )
    expect(withWidget.fiches[0]!.sections[0]!.elements[0]).toEqual({
      item: 'sexe',
      widget: 'radio',
      when: { item: 'poids_kg', atLeast: 30 },
    })
    const cleared = applied(
      updateElement(withWidget, 'fat', 'patient', 0, { widget: undefined, when: undefined }),
    )
    expect(cleared.fiches[0]!.sections[0]!.elements[0]).toEqual({ item: 'sexe' })
  })

  it('builds a small PUT from an empty programme that passes every check', () => {
    let t = newTemplate({
      programme: 'petitmab-aap',
      medicineName: 'Petitmab',
      dci: 'petitumab',
      holder: 'Laboratoire Petit',
      framework: 'aap-pre-amm',
      putKind: 'PUT-RD',
      effectiveDate: '2026-12-01',
    })
    const empty = checkTemplateText(serializeTemplate(t))
    expect(empty.map((f) => f.at.path.join('.'))).toEqual(
      expect.arrayContaining(['metadata.indications', 'metadata.ucds']),
    )
    t = {
      ...t,
      metadata: {
        ...t.metadata,
        decisions: [{ authority: 'HAS', reference: 'Décision 1', date: '2026-11-01' }],
        indications: [{ id: 'adulte', label: 'Maladie de l’adulte' }],
        ucds: [{ code: '9000011', label: 'Petitmab 50 mg', dosage: '50 mg' }],
      },
      documents: {
        userGuide: {
          title: 'Guide',
          content: 'Saisie des fiches ; droits du prescripteur, du pharmacien et du PNM.',
        },
      },
    }
    t = applied(addCatalogueGroup(t, { id: 'annexe_fat', title: 'FAT' }))
    t = applied(addCatalogueGroup(t, { id: 'annexe_suivi', title: 'Suivi' }))
    const table = parseItemTable(
      'id\tlibellé\ttype\nsexe\tSexe\tchoix unique\tF=Féminin\tM=Masculin\tobligatoire',
    )
    t = applied(
      addCatalogueItems(
        t,
        'annexe_fat',
        table.items.map((r) => r.item),
      ),
    )
    t = applied(
      addCatalogueItems(t, 'annexe_fat', [
        { id: 'date_initiation', label: 'Date d’initiation', type: 'date', required: true },
      ]),
    )
    t = applied(
      addCatalogueItem(t, 'annexe_suivi', {
        id: 'date_visite',
        label: 'Date de visite',
        type: 'date',
        required: true,
      }),
    )
    t = applied(addFiche(t, { id: 'fat', kind: 'fat', title: 'FAT' }))
    t = applied(addSection(t, 'fat', { id: 'patient', title: 'Patient' }))
    t = applied(addItemToSection(t, 'fat', 'patient', 'sexe'))
    t = applied(addItemToSection(t, 'fat', 'patient', 'date_initiation'))
    t = {
      ...t,
      fiches: t.fiches.map((f) =>
        f.id === 'fat'
          ? { ...f, signatures: { required: ['prescriber' as const, 'pharmacist' as const] } }
          : f,
      ),
    }
    t = applied(addFiche(t, { id: 'suivi', kind: 'suivi', title: 'Suivi' }))
    t = applied(addSection(t, 'suivi', { id: 'visite', title: 'Visite' }))
    t = applied(addItemToSection(t, 'suivi', 'visite', 'date_visite'))
    t = {
      ...t,
      schedule: {
        anchor: { fiche: 'fat', item: 'date_initiation' },
        repeating: [{ id: 'mensuel', label: 'Tous les mois', fiche: 'suivi', every: 'P1M', from: 'P1M' }],
      },
    }
    const text = serializeTemplate(t)
    const errors = checkTemplateText(text).filter((f) => f.severity === 'error')
    expect(errors.map((f) => `${f.rule}: ${f.message}`)).toEqual([])
  })
})

describe('parseItemTable', () => {
  it('parses a pasted table with a header, French type names, options and required marks', () => {
    const table = parseItemTable(
      [
        'Identifiant\tLibellé\tType',
        'poids_kg\tPoids (kg)\tdécimal\tobligatoire',
        '',
        'ecog\tScore ECOG\tchoix unique\t0=Actif; 1=Restreint\t2=Ambulatoire',
        'date_bilan\tDate du bilan\tdate',
      ].join('\r\n'),
    )
    expect(table.errors).toEqual([])
    expect(table.items).toEqual([
      { line: 2, item: { id: 'poids_kg', label: 'Poids (kg)', type: 'decimal', required: true } },
      {
        line: 4,
        item: {
          id: 'ecog',
          label: 'Score ECOG',
          type: 'single-choice',
          options: [
            { code: '0', label: 'Actif' },
            { code: '1', label: 'Restreint' },
            { code: '2', label: 'Ambulatoire' },
          ],
        },
      },
      { line: 5, item: { id: 'date_bilan', label: 'Date du bilan', type: 'date' } },
    ])
  })

  it.each([
    ['Poids\tPoids\tdécimal', 1, /identifiant « Poids » invalide/],
    ['poids\t\tdécimal', 1, /libellé manquant/],
    ['poids\tPoids\tnumérique', 1, /type « numérique » inconnu/],
    ['a\tA\tdate\nsexe\tSexe\tchoix unique', 2, /aucune option/],
    ['sexe\tSexe\tchoix unique\tFéminin', 1, /option « Féminin » illisible/],
    ['a\tA\tdate\nb\tB\tdate\na\tA bis\ttexte', 3, /déjà utilisé ligne 1/],
    ['a\tA\tdate\tF=Féminin', 1, /n'est pas un choix/],
  ])('reports %j at line %i', (text, line, message) => {
    const table = parseItemTable(text)
    expect(table.errors).toHaveLength(1)
    expect(table.errors[0]!.line).toBe(line)
    expect(table.errors[0]!.message).toMatch(message)
    expect(table.errors[0]!.message).toMatch(new RegExp(`^ligne ${line} :`))
  })
})

describe('conditions in words', () => {
  it('uses the labels of items and options', () => {
    expect(conditionInWords({ item: 'sexe', equals: 'F' }, minimal)).toBe(
      'Afficher quand « Sexe » vaut « Féminin »',
    )
    expect(
      conditionInWords(
        {
          all: [
            { item: 'grossesse_possible', equals: true },
            { item: 'poids_kg', atLeast: 40 },
          ],
        },
        minimal,
      ),
    ).toBe('Afficher quand « Femme en âge de procréer » vaut oui et « Poids » est au moins 40')
    expect(simpleCondition('grossesse_possible', 'equals', 'true', minimal)).toEqual({
      item: 'grossesse_possible',
      equals: true,
    })
    expect(simpleCondition('poids_kg', 'notEquals', '12', minimal)).toEqual({
      item: 'poids_kg',
      notEquals: 12,
    })
  })
})
