/**
 * C9: centre B only dispenses and has no access by default (C9.1); at its request and on centre A's express
 * authorisation, a named pharmacist of B reads one patient's record (C9.2). Revocable.
 */
import type { DispensingGrant } from '../../db/database.ts'
import {
  findDispensingGrant,
  findHospitalRoles,
  insertDispensingGrant,
  listDispensingGrants,
  revokeDispensingGrant,
} from '../../db/queries/access.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { problem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { iso } from '../json-result.ts'
import { authorizeOnRecord } from './authorize.ts'
import { calendarDay, holderOn } from './custody.ts'

export const toGrantView = (g: DispensingGrant) => ({
  id: g.id,
  enrolmentId: g.enrolment_id,
  establishmentId: g.establishment_id,
  pharmacistId: g.pharmacist_id,
  grantedBy: g.granted_by,
  createdAt: iso(g.created_at),
  revokedAt: g.revoked_at ? iso(g.revoked_at) : null,
  revokedBy: g.revoked_by,
})

export interface GrantInput {
  actor: Actor
  enrolmentId: string
  pharmacistId: string
  /** The dispensing centre (B). */
  establishmentId: string
}

export async function grantDispensingAccess(deps: Deps, input: GrantInput) {
  const { record } = await authorizeOnRecord(deps.db, input.actor, 'grant-dispensing', {
    enrolmentId: input.enrolmentId,
  })
  const roles = await findHospitalRoles(deps.db, input.pharmacistId, input.establishmentId)
  const sameCentre = holderOn(record, calendarDay(new Date())) === input.establishmentId
  if (sameCentre || !roles.some((r) => r.role === 'pharmacist')) throw problem('invalid-grantee')
  return deps.db.transaction().execute(async (trx) => {
    const row = await insertDispensingGrant(trx, {
      enrolment_id: input.enrolmentId,
      establishment_id: input.establishmentId,
      pharmacist_id: input.pharmacistId,
      granted_by: input.actor.id,
    })
    await insertAuditEvent(trx, {
      actorId: input.actor.id,
      action: 'dispensing-grant.create',
      subjectType: 'dispensing-grant',
      subjectId: row.id,
      details: { enrolmentId: row.enrolment_id, pharmacistId: row.pharmacist_id },
    })
    return toGrantView(row)
  })
}

export async function revokeDispensingAccess(deps: Deps, input: { actor: Actor; id: string }) {
  const grant = await findDispensingGrant(deps.db, input.id)
  if (!grant) throw problem('not-found', { resource: 'dispensing-grant', id: input.id })
  await authorizeOnRecord(deps.db, input.actor, 'grant-dispensing', { enrolmentId: grant.enrolment_id })
  return deps.db.transaction().execute(async (trx) => {
    const row = await revokeDispensingGrant(trx, input.id, input.actor.id)
    if (!row) throw problem('already-revoked', { id: input.id })
    await insertAuditEvent(trx, {
      actorId: input.actor.id,
      action: 'dispensing-grant.revoke',
      subjectType: 'dispensing-grant',
      subjectId: row.id,
      details: { enrolmentId: row.enrolment_id, pharmacistId: row.pharmacist_id },
    })
    return toGrantView(row)
  })
}

export async function listDispensingGrantsOf(deps: Deps, input: { actor: Actor; enrolmentId: string }) {
  await authorizeOnRecord(deps.db, input.actor, 'read', { enrolmentId: input.enrolmentId })
  return (await listDispensingGrants(deps.db, input.enrolmentId)).map(toGrantView)
}
