import { describe, expect, it } from 'vitest'
import type { MembershipRole } from '../../db/database.ts'
import type { Actor } from '../actor.ts'
import { can, type HeldAccess, type RecordFacts } from './can.ts'
import { readScope, scopeAllows } from './read-scope.ts'

const ORG = 'org-1'
const [A, B, C] = ['est-a', 'est-b', 'est-c']
const ROLES: MembershipRole[] = [
  'prescriber',
  'pharmacist',
  'pnm',
  'monitor',
  'template-author',
  'data-manager',
]

const actorsOf = (): Actor[] => {
  const actors: Actor[] = []
  for (const role of ROLES) {
    const hospital = ['prescriber', 'pharmacist', 'pnm'].includes(role)
    const where = hospital ? [A, B] : [ORG, 'org-2']
    for (const at of where) {
      actors.push({
        id: `${role}@${at}`,
        displayName: role,
        memberships: [
          { role, establishment_id: hospital ? at : null, organisation_id: hospital ? null : at },
        ],
      })
    }
  }
  // Two establishments at once: a pharmacist of C who is also a prescriber of A.
  actors.push({
    id: 'multi',
    displayName: 'multi',
    memberships: [
      { role: 'prescriber', establishment_id: A, organisation_id: null },
      { role: 'pharmacist', establishment_id: C, organisation_id: null },
    ],
  })
  return actors
}

const HELD: HeldAccess[] = [
  { requests: [], designations: [] },
  { requests: [{ establishmentId: A, indicationId: null }], designations: [] },
  { requests: [{ establishmentId: A, indicationId: 'lf' }], designations: [] },
  {
    requests: [],
    designations: [
      { establishmentId: A, indicationId: null, designeeRole: 'pnm' },
      { establishmentId: B, indicationId: 'lzm', designeeRole: 'prescriber' },
    ],
  },
]

const RECORDS: RecordFacts[] = []
for (const accessKey of [null, 'lf', 'lzm']) {
  for (const transfers of [
    [],
    [{ toEstablishmentId: B, effectiveDate: '2020-01-01' }],
    [{ toEstablishmentId: B, effectiveDate: '2999-01-01' }],
  ]) {
    for (const dispensingGrant of [false, true]) {
      RECORDS.push({
        organisationId: ORG,
        originEstablishmentId: A,
        transfers,
        accessKey,
        hasFat: true,
        dispensingGrant,
      })
    }
  }
}

describe('read scope', () => {
  it('C5.2, C5.3, C5.4, C9.2, C10.2: the scope a list filters with lets through exactly the records can() lets read', () => {
    const now = new Date('2026-06-01T12:00:00Z')
    let checked = 0
    const mismatches: string[] = []
    for (const actor of actorsOf()) {
      for (const held of HELD) {
        const scope = readScope(actor, ORG, held)
        for (const record of RECORDS) {
          const expected = can(actor, 'read', { type: 'record', record }, { now, held }).allowed
          if (scopeAllows(scope, record) !== expected) {
            mismatches.push(
              `${actor.id} ${JSON.stringify(held)} ${JSON.stringify(record)} → can: ${expected}`,
            )
          }
          checked++
        }
      }
    }
    expect(mismatches).toEqual([])
    expect(checked).toBeGreaterThan(500)
  })
})
