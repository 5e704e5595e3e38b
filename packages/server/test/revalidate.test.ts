/**
 * P2: re-validating the stored data of a template version against another one (published or a draft):
 * per change and per fiche, what carries over, what no longer fits and what must be re-entered.
 */
import { parseTemplate } from '@openput/designer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signFiche } from '../src/domain/signatures/sign-fiche.ts'
import { revalidateTemplateVersion } from '../src/domain/template-migration/revalidate.ts'
import { BACKENDS, buildWorld, openTestDatabase, type TestDatabase, type World } from './harness.ts'
import { patientWithFiches, versionTwo } from './template-migration-fixtures.ts'

describe.each(BACKENDS)('revalidation on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let heavy: Awaited<ReturnType<typeof patientWithFiches>>
  let light: Awaited<ReturnType<typeof patientWithFiches>>

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    heavy = await patientWithFiches(t.deps, world.prescriberA, world, world.establishmentA, {
      weight: 250,
      motif: 'toxicite',
    })
    light = await patientWithFiches(t.deps, world.prescriberB, world, world.establishmentB, {
      weight: 60,
      motif: 'progression',
    })
    const now = new Date()
    await signFiche(t.deps, {
      actor: world.prescriberA,
      session: { authTime: now },
      ficheInstanceId: heavy.fat.id,
      revisionId: heavy.fat.head.id,
      role: 'prescriber',
      method: 'electronic',
      now,
    })
  }, 60_000)
  afterAll(() => t?.close())

  const draftTwo = () => {
    const parsed = parseTemplate(versionTwo(world.programme))
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    return parsed.value.template
  }

  it('P2: a draft version is re-validated against the stored data, per fiche and per change', async () => {
    const report = await revalidateTemplateVersion(t.db, {
      fromVersionId: world.templateVersionId,
      to: draftTwo(),
    })
    // buildWorld's empty FAT draft + 2 patients × 3 fiches
    expect(report.totals.fiches).toBe(7)
    const fiche = (id: string) => report.fiches.find((f) => f.ficheInstanceId === id)!
    const changeIndex = (kind: string, itemId: string) =>
      report.diff.changes.findIndex((c) => c.kind === kind && c.target.itemId === itemId)
    const narrowed = changeIndex('item-bounds-narrowed', 'poids_kg')
    const added = changeIndex('item-added', 'taille_cm')
    const optionRemoved = changeIndex('item-option-removed', 'motif_arret')
    const itemRemoved = changeIndex('item-removed', 'poursuite')
    expect([narrowed, added, optionRemoved, itemRemoved].every((i) => i >= 0)).toBe(true)

    // 250 kg no longer fits (max 200) and, the weight being required, must be re-entered with the height.
    const heavyFat = fiche(heavy.fat.id)
    expect(heavyFat.outcome).toBe('must-be-re-entered')
    expect(heavyFat.unfit).toEqual([
      expect.objectContaining({
        path: '/poids_kg',
        value: 250,
        reason: 'value-rejected',
        changes: [narrowed],
      }),
    ])
    expect(heavyFat.reEnter.map((r) => r.itemId).sort()).toEqual(['poids_kg', 'taille_cm'])
    // 60 kg carries over; only the new required height is to enter.
    expect(fiche(light.fat.id).unfit).toEqual([])
    expect(fiche(light.fat.id).reEnter).toEqual([
      { path: '/taille_cm', itemId: 'taille_cm', changes: [added] },
    ])
    // A removed option: the stored code no longer fits; the required choice must be made again.
    expect(fiche(heavy.arret.id).unfit).toEqual([
      expect.objectContaining({
        itemId: 'motif_arret',
        value: 'toxicite',
        keyword: 'enum',
        changes: [optionRemoved],
      }),
    ])
    expect(fiche(light.arret.id).outcome).toBe('carries-over')
    // A removed item: its value is no longer collected (kept in the history by a migration).
    expect(fiche(light.suivi.id).unfit).toEqual([
      expect.objectContaining({
        itemId: 'poursuite',
        value: true,
        reason: 'item-not-collected',
        changes: [itemRemoved],
      }),
    ])
    expect(fiche(light.suivi.id).outcome).toBe('no-longer-fits')

    const impact = (i: number) => report.changes[i]!
    expect(impact(narrowed)).toMatchObject({ fichesWithValue: 2, noLongerFits: 1, mustBeReEntered: 1 })
    // every FAT, the empty draft included, lacks the new height
    expect(impact(added)).toMatchObject({ noLongerFits: 0, mustBeReEntered: 3 })
    expect(impact(optionRemoved)).toMatchObject({ fichesWithValue: 2, noLongerFits: 1, mustBeReEntered: 1 })
    expect(impact(itemRemoved)).toMatchObject({ fichesWithValue: 2, noLongerFits: 2, mustBeReEntered: 0 })
    expect(report.totals).toMatchObject({ 'must-be-re-entered': 4, 'no-longer-fits': 2, 'carries-over': 1 })
    // The signed FAT would have its signature voided by the migration's new head (C5.5).
    expect(heavyFat.signed).toBe(true)
    expect(fiche(light.fat.id).signed).toBe(false)
    expect(report.totals.signed).toBe(1)
  })

  it('P2: the re-validation can be limited to one establishment', async () => {
    const report = await revalidateTemplateVersion(t.db, {
      fromVersionId: world.templateVersionId,
      to: draftTwo(),
      establishmentId: world.establishmentB,
    })
    expect(report.fiches.map((f) => f.ficheInstanceId).sort()).toEqual(
      [light.fat.id, light.suivi.id, light.arret.id].sort(),
    )
  })
})
