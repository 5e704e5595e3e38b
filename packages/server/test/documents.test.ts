/**
 * The guide screen's data (C1.4, C5.1): a template version's user guide and resources, and each fiche's
 * access per hospital role from the C5.5 matrix, as the access rules apply it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BACKENDS,
  buildWorld,
  openTestDatabase,
  type TestDatabase,
  testClient,
  type World,
} from './harness.ts'

describe.each(BACKENDS)('template documents on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let client: ReturnType<typeof testClient>

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    client = testClient(t.deps)
  }, 60_000)
  afterAll(() => t?.close())

  it('C1.4, C5.1: any signed-in user reads the user guide and the access of each fiche per role', async () => {
    const res = await client.request(
      world.pnmA,
      'GET',
      `/api/template-versions/${world.templateVersionId}/documents`,
    )
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.userGuide.title).toBe("Guide d'utilisation")
    expect(body.userGuide.content).toContain("règles d'accès (prescripteur, pharmacien, PNM)")
    expect(body.ficheAccess.map((f: { ficheId: string }) => f.ficheId)).toEqual([
      'fat',
      'fit',
      'suivi',
      'arret',
    ])
    expect(body.ficheAccess[0]).toMatchObject({
      kind: 'fat',
      signers: ['prescriber', 'pharmacist'],
      access: { prescriber: 'entry-sign', pharmacist: 'entry-sign', pnm: 'entry' },
    })
    expect(body.ficheAccess[2].access).toEqual({ prescriber: 'entry', pharmacist: 'entry', pnm: 'entry' })
    expect(body.indications).toEqual([
      { id: 'adulte', label: "Maladie X de l'adulte", access: 'shared', accessDescription: null },
    ])
    const unknown = await client.request(
      world.pnmA,
      'GET',
      `/api/template-versions/${crypto.randomUUID()}/documents`,
    )
    expect(unknown.status).toBe(404)
  })
})
