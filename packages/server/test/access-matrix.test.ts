/**
 * The access rules as a matrix: every role × fiche kind × action (read, enter, sign) × context, built through
 * the domain on a real database, checked against an oracle written from the charter below (not from the
 * code), and written to docs/access-matrix.md.
 */
import { writeFileSync } from 'node:fs'
import { FicheKinds } from '@openput/designer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MembershipRole } from '../src/db/database.ts'
import { findRecordFacts } from '../src/db/queries/access.ts'
import { toHeldAccess, toRecordFacts } from '../src/domain/access/authorize.ts'
import { can } from '../src/domain/access/can.ts'
import { designate, revokeDesignationCommand } from '../src/domain/access/designations.ts'
import { grantDispensingAccess, revokeDispensingAccess } from '../src/domain/access/dispensing-grants.ts'
import { transferRecord } from '../src/domain/access/transfers.ts'
import { type Actor, findActor } from '../src/domain/actor.ts'
import { createOrganisation, createUser } from '../src/domain/directory/directory.ts'
import { createFiche } from '../src/domain/fiches/create-fiche.ts'
import { createPatient } from '../src/domain/patients/create-patient.ts'
import { enrolPatient } from '../src/domain/patients/enrol-patient.ts'
import { publishTemplate } from '../src/domain/templates/publish-template.ts'
import { BACKENDS, buildWorld, openTestDatabase, type TestDatabase, templateVariant } from './harness.ts'

// ---- The oracle, from CHARTER.md ----------------------------------------------------------------------

type Right = 'none' | 'read' | 'write'
type HospitalRole = 'prescriber' | 'pharmacist' | 'pnm'
const HOSPITAL: HospitalRole[] = ['prescriber', 'pharmacist', 'pnm']
const LAB = ['programme-manager', 'data-manager', 'monitor', 'template-author', 'reviewer'] as const
type Role = HospitalRole | (typeof LAB)[number]
const ACTIONS = ['read', 'enter', 'sign'] as const

/** C5.5: who signs which fiche ("saisie et signature"): the FAT only, by prescribers and pharmacists. */
const C55_SIGNERS: Record<string, HospitalRole[]> = { fat: ['prescriber', 'pharmacist'] }

/**
 * The lab's rights on its own programme's records: the tool manager and the monitor read, the data manager
 * transcribes (C2.1) and never signs (C2.2); template authors and reviewers see no patient data.
 */
const LAB_RIGHTS: Record<(typeof LAB)[number], Right> = {
  'programme-manager': 'read',
  'data-manager': 'write',
  monitor: 'read',
  'template-author': 'none',
  reviewer: 'none',
}

interface Context {
  name: string
  ids: string
  /** Hospital rights in this context, per role (the actor of each role is picked in `actors`). */
  hospital: Record<HospitalRole, Right>
  /** Lab rights: the programme's own lab, or another lab (none). */
  lab: 'own' | 'other'
}

const W: Record<HospitalRole, Right> = { prescriber: 'write', pharmacist: 'write', pnm: 'write' }
const CONTEXTS: Context[] = [
  {
    name: 'own establishment, access request made',
    ids: 'C5.2, C5.3, C5.4',
    // the PNM of this context is not designated: a request by a prescriber gives them nothing
    hospital: { prescriber: 'write', pharmacist: 'write', pnm: 'none' },
    lab: 'own',
  },
  {
    name: 'own establishment, no request, not designated',
    ids: 'C5.2, C5.3, C5.4',
    hospital: { prescriber: 'none', pharmacist: 'write', pnm: 'none' },
    lab: 'own',
  },
  { name: 'own establishment, designated', ids: 'C5.2, C5.4, C4.2', hospital: W, lab: 'own' },
  {
    name: 'own establishment, designation revoked',
    ids: 'C4.2, C5.2, C5.4',
    hospital: { prescriber: 'none', pharmacist: 'write', pnm: 'none' },
    lab: 'own',
  },
  {
    name: 'other establishment (dispensing centre without grant)',
    ids: 'C9.1',
    hospital: { prescriber: 'none', pharmacist: 'none', pnm: 'none' },
    lab: 'other',
  },
  {
    name: 'dispensing grant to the pharmacist of centre B',
    ids: 'C9.2',
    hospital: { prescriber: 'none', pharmacist: 'read', pnm: 'none' },
    lab: 'own',
  },
  {
    name: 'dispensing grant revoked',
    ids: 'C9.2',
    hospital: { prescriber: 'none', pharmacist: 'none', pnm: 'none' },
    lab: 'own',
  },
  { name: 'centre B after the transfer date', ids: 'C10.1, C10.2, C10.3', hospital: W, lab: 'own' },
  {
    name: 'centre A after the transfer date',
    ids: 'C10.2',
    hospital: { prescriber: 'read', pharmacist: 'read', pnm: 'read' },
    lab: 'own',
  },
  {
    name: 'centre B before the transfer date',
    ids: 'C10.2',
    hospital: { prescriber: 'read', pharmacist: 'read', pnm: 'read' },
    lab: 'own',
  },
  { name: 'centre A before the transfer date', ids: 'C10.2', hospital: W, lab: 'own' },
  {
    name: "centre B modifying centre A's revision",
    ids: 'C10.4',
    hospital: { prescriber: 'read', pharmacist: 'read', pnm: 'read' },
    lab: 'own',
  },
  {
    name: 'distinct-access indication, request for this indication',
    ids: 'C3.3',
    hospital: { prescriber: 'write', pharmacist: 'write', pnm: 'none' },
    lab: 'own',
  },
  {
    name: 'distinct-access indication, request for another indication only',
    ids: 'C3.3',
    hospital: { prescriber: 'none', pharmacist: 'write', pnm: 'none' },
    lab: 'own',
  },
]

function expected(context: Context, role: Role, kind: string, action: (typeof ACTIONS)[number]) {
  const isHospital = (HOSPITAL as string[]).includes(role)
  const right: Right = isHospital
    ? context.hospital[role as HospitalRole]
    : context.lab === 'own'
      ? LAB_RIGHTS[role as (typeof LAB)[number]]
      : 'none'
  if (action === 'read') return right !== 'none'
  if (action === 'enter') return right === 'write'
  return right === 'write' && isHospital && (C55_SIGNERS[kind] ?? []).includes(role as HospitalRole)
}

// ---- The world, built through the domain --------------------------------------------------------------

const DISTINCT_INDICATIONS = `  indications:
    - { id: adulte, label: "Maladie X de l'adulte", access: distinct, accessDescription: "Accès propre à l'adulte" }
    - { id: enfant, label: "Maladie X de l'enfant", access: distinct, accessDescription: "Accès propre à l'enfant" }`

interface Case {
  actor: Actor
  enrolmentId: string
  baseRevisionId?: string
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

async function buildContexts(t: TestDatabase) {
  const deps = t.deps
  const world = await buildWorld(deps)
  let n = 0
  const user = async (
    memberships: { role: MembershipRole; establishmentId?: string; organisationId?: string }[],
  ) => {
    const created = await createUser(deps, {
      email: `matrix-${++n}-${world.programme}@test.openput.fr`,
      displayName: `matrix ${n}`,
      memberships,
    })
    return (await findActor(deps.db, created.id))!
  }
  const A = world.establishmentA
  const B = world.establishmentB
  const at = (role: MembershipRole, establishmentId: string) => user([{ role, establishmentId }])
  const [pharmacistA, prescriberPlainA, prescriberDesignatedA, prescriberRevokedA, pnmPlainA, pnmRevokedA] =
    await Promise.all([
      at('pharmacist', A),
      at('prescriber', A),
      at('prescriber', A),
      at('prescriber', A),
      at('pnm', A),
      at('pnm', A),
    ])
  const [pharmacistB, pharmacistBGranted, pharmacistBRevoked, pnmB] = await Promise.all([
    at('pharmacist', B),
    at('pharmacist', B),
    at('pharmacist', B),
    at('pnm', B),
  ])
  const otherLab = await createOrganisation(deps, {
    name: `Autre laboratoire ${world.programme}`,
    kind: 'lab',
  })
  const labUsers = Object.fromEntries(
    await Promise.all(
      LAB.map(async (role) => [role, await user([{ role, organisationId: world.organisationId }])]),
    ),
  ) as Record<(typeof LAB)[number], Actor>
  const otherLabUsers = Object.fromEntries(
    await Promise.all(LAB.map(async (role) => [role, await user([{ role, organisationId: otherLab.id }])])),
  ) as Record<(typeof LAB)[number], Actor>

  const record = async (
    actor: Actor,
    establishmentId: string,
    programme = world.programme,
    indicationId?: string,
  ) => {
    const patient = await createPatient(deps, { actor, establishmentId })
    const enrolment = await enrolPatient(deps, { actor, patientId: patient.id, programme })
    const fat = await createFiche(deps, {
      actor,
      enrolmentId: enrolment.id,
      ficheId: 'fat',
      indicationId,
      data: { sexe: 'M' },
    })
    return { enrolmentId: enrolment.id, fatRevisionId: fat.head.id }
  }
  // Prescriber B's own request in B, and their PNM.
  await record(world.prescriberB, B)
  const scope = { programme: world.programme, designeeRole: 'pnm' as const }
  await designate(deps, { actor: world.prescriberB, establishmentId: B, designeeId: pnmB.id, ...scope })
  // A's designations (C5.2 by a prescriber who made a request; C5.4 by a pharmacist), two of them revoked.
  const designateInA = (actor: Actor, designeeId: string, designeeRole: 'prescriber' | 'pnm') =>
    designate(deps, { actor, establishmentId: A, programme: world.programme, designeeId, designeeRole })
  await designateInA(world.prescriberA, prescriberDesignatedA.id, 'prescriber')
  const revokedPrescriber = await designateInA(world.prescriberA, prescriberRevokedA.id, 'prescriber')
  await revokeDesignationCommand(deps, { actor: world.prescriberA, id: revokedPrescriber.id })
  const revokedPnm = await designateInA(pharmacistA, pnmRevokedA.id, 'pnm')
  await revokeDesignationCommand(deps, { actor: pharmacistA, id: revokedPnm.id })

  const r1 = await record(world.prescriberA, A)
  const grant = { enrolmentId: r1.enrolmentId, establishmentId: B }
  await grantDispensingAccess(deps, {
    actor: world.prescriberA,
    pharmacistId: pharmacistBGranted.id,
    ...grant,
  })
  const revokedGrant = await grantDispensingAccess(deps, {
    actor: world.prescriberA,
    pharmacistId: pharmacistBRevoked.id,
    ...grant,
  })
  await revokeDispensingAccess(deps, { actor: world.prescriberA, id: revokedGrant.id })
  const pm = labUsers['programme-manager']
  const transferred = await record(world.prescriberA, A)
  await transferRecord(deps, {
    actor: pm,
    enrolmentId: transferred.enrolmentId,
    toEstablishmentId: B,
    effectiveDate: day(-1),
  })
  const incoming = await record(world.prescriberA, A)
  await transferRecord(deps, {
    actor: pm,
    enrolmentId: incoming.enrolmentId,
    toEstablishmentId: B,
    effectiveDate: day(1),
  })

  // C3.3: a programme whose two indications have distinct access.
  const p2 = `${world.programme}-ind`
  await publishTemplate(deps, {
    actor: world.lab,
    yaml: templateVariant(p2).replace(/ {2}indications:\n.*\n/, `${DISTINCT_INDICATIONS}\n`),
  })
  const adulte = await record(world.prescriberA, A, p2, 'adulte')
  const enfant = await record(prescriberPlainA, A, p2, 'enfant')

  const hospitalA = { prescriber: world.prescriberA, pharmacist: pharmacistA, pnm: world.pnmA }
  const hospitalB = { prescriber: world.prescriberB, pharmacist: pharmacistB, pnm: pnmB }
  const on = (actors: Record<HospitalRole, Actor>, r: { enrolmentId: string }, base?: string) =>
    Object.fromEntries(
      HOSPITAL.map((role) => [
        role,
        { actor: actors[role], enrolmentId: r.enrolmentId, ...(base ? { baseRevisionId: base } : {}) },
      ]),
    ) as Record<HospitalRole, Case>
  const cases: Record<string, Record<HospitalRole, Case>> = {
    'own establishment, access request made': on({ ...hospitalA, pnm: pnmPlainA }, r1),
    'own establishment, no request, not designated': on(
      { ...hospitalA, prescriber: prescriberPlainA, pnm: pnmPlainA },
      r1,
    ),
    'own establishment, designated': on({ ...hospitalA, prescriber: prescriberDesignatedA }, r1),
    'own establishment, designation revoked': on(
      { ...hospitalA, prescriber: prescriberRevokedA, pnm: pnmRevokedA },
      r1,
    ),
    'other establishment (dispensing centre without grant)': on(hospitalB, r1),
    'dispensing grant to the pharmacist of centre B': on(
      { ...hospitalB, pharmacist: pharmacistBGranted },
      r1,
    ),
    'dispensing grant revoked': on({ ...hospitalB, pharmacist: pharmacistBRevoked }, r1),
    'centre B after the transfer date': on(hospitalB, transferred),
    'centre A after the transfer date': on(hospitalA, transferred),
    'centre B before the transfer date': on(hospitalB, incoming),
    'centre A before the transfer date': on(hospitalA, incoming),
    "centre B modifying centre A's revision": on(hospitalB, transferred, transferred.fatRevisionId),
    'distinct-access indication, request for this indication': on({ ...hospitalA, pnm: pnmPlainA }, adulte),
    'distinct-access indication, request for another indication only': on(
      { ...hospitalA, pnm: pnmPlainA },
      enfant,
    ),
  }
  return { cases, labUsers, otherLabUsers }
}

async function actual(t: TestDatabase, c: Case) {
  const row = (await findRecordFacts(t.db, {
    actorId: c.actor.id,
    enrolmentId: c.enrolmentId,
    baseRevisionId: c.baseRevisionId,
  }))!
  const resource = {
    type: 'record' as const,
    record: toRecordFacts(row),
    baseEstablishmentId: row.base_establishment_id ?? null,
  }
  const ctx = { now: new Date(), held: toHeldAccess(row) }
  return (kind: (typeof FicheKinds)[number], action: (typeof ACTIONS)[number]) =>
    can(c.actor, action, { ...resource, fiche: { kind } }, ctx).allowed
}

describe.each(BACKENDS)('access matrix on %s', (backend) => {
  let t: TestDatabase
  let built: Awaited<ReturnType<typeof buildContexts>>
  const lines: string[] = []
  let mismatches: string[] = []

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    built = await buildContexts(t)
  }, 120_000)
  afterAll(() => t?.close())

  it.each(CONTEXTS.map((c) => [`${c.ids}: ${c.name}`, c] as const))('%s', async (_, context) => {
    const hospitalCases = built.cases[context.name]!
    const labCase = (role: (typeof LAB)[number]) => ({
      actor: (context.lab === 'own' ? built.labUsers : built.otherLabUsers)[role],
      enrolmentId: hospitalCases.prescriber.enrolmentId,
      ...(hospitalCases.prescriber.baseRevisionId
        ? { baseRevisionId: hospitalCases.prescriber.baseRevisionId }
        : {}),
    })
    const rows: string[] = []
    const found: string[] = []
    for (const role of [...HOSPITAL, ...LAB] as Role[]) {
      const c = (HOSPITAL as string[]).includes(role)
        ? hospitalCases[role as HospitalRole]
        : labCase(role as (typeof LAB)[number])
      // biome-ignore lint/performance/noAwaitInLoops: one facts read per role, then the whole row in memory
      const decide = await actual(t, c)
      const cells = FicheKinds.map((kind) =>
        ACTIONS.map((action) => {
          const want = expected(context, role, kind, action)
          const got = decide(kind, action)
          if (want !== got) found.push(`${role} ${action} ${kind}: expected ${want}, got ${got}`)
          return got ? action[0]!.toUpperCase() : '·'
        }).join(''),
      )
      rows.push(`| ${role} | ${cells.join(' | ')} |`)
    }
    lines.push(
      `## ${context.ids} — ${context.name}`,
      '',
      `| role | ${FicheKinds.join(' | ')} |`,
      `|---|${FicheKinds.map(() => '---').join('|')}|`,
      ...rows,
      '',
    )
    mismatches = mismatches.concat(found)
    expect(found).toEqual([])
  })

  it('writes docs/access-matrix.md with zero mismatches', () => {
    expect(lines.length).toBeGreaterThan(CONTEXTS.length * 5)
    if (backend === BACKENDS[0]) {
      const header = [
        '# Access matrix (generated by packages/server/test/access-matrix.test.ts)',
        '',
        'Every role × fiche kind × action × context, as the server decides it on a real database. Each cell',
        'reads R (read), E (enter), S (sign), · (refused). The test checks each cell against a table written',
        'from the charter (CHARTER.md C3.3, C4.2, C5.2–C5.5, C9, C10); see docs/access-rules.md for the rules.',
        `Mismatches: ${mismatches.length}.`,
        '',
      ]
      writeFileSync(
        new URL('../../../docs/access-matrix.md', import.meta.url),
        [...header, ...lines].join('\n'),
      )
    }
    expect(mismatches).toEqual([])
  })
})
