/**
 * GET /api/programmes: the programmes the runtime offers in its header, each from its latest published
 * version, with every indication's access modality (C3.3).
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishTemplate } from '../src/domain/templates/publish-template.ts'
import {
  BACKENDS,
  buildWorld,
  openTestDatabase,
  type TestDatabase,
  testClient,
  type World,
} from './harness.ts'

const shipped = (path: string) =>
  readFileSync(new URL(`../../../put-templates/${path}`, import.meta.url), 'utf8')

describe.each(BACKENDS)('programmes on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let client: ReturnType<typeof testClient>

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    for (const file of ['examplimab-aap/1.0.yaml', 'examplimab-aap/2.0.yaml']) {
      // biome-ignore lint/performance/noAwaitInLoops: versions publish in order
      await publishTemplate(t.deps, { actor: world.lab, yaml: shipped(file) })
    }
    client = testClient(t.deps)
  }, 60_000)
  afterAll(() => t?.close())

  it('C3.3: lists each programme once, at its latest version, with how access works for each indication', async () => {
    const res = await client.request(world.prescriberA, 'GET', '/api/programmes')
    expect(res.status).toBe(200)
    const programmes = (await res.json()) as {
      programme: string
      version: string
      medicine: string | null
      putKind: string | null
      indications: { id: string; access: string; accessDescription: string | null }[]
    }[]
    expect(programmes.map((p) => p.programme)).toEqual([...new Set(programmes.map((p) => p.programme))])
    const examplimab = programmes.find((p) => p.programme === 'examplimab-aap')
    expect(examplimab).toMatchObject({ version: '2.0', medicine: 'Examplimab', putKind: 'PUT-RD' })
    expect(examplimab?.indications.map((i) => [i.id, i.access])).toEqual([
      ['lf', 'shared'],
      ['lzm', 'shared'],
    ])
    expect(examplimab?.indications[0]?.accessDescription).toMatch(/Accès unique commun aux deux indications/)
    expect(programmes.some((p) => p.programme === world.programme)).toBe(true)
  })
})
