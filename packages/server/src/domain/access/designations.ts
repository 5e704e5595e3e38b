/**
 * C4.2, C5.2, C5.4: designations of a prescriber (by a prescriber who made a treatment-access request) or
 * of a PNM (by a prescriber or a pharmacist), per establishment and programme. Recorded, not verified.
 */
import type { Designation } from '../../db/database.ts'
import {
  findDesignation,
  findHospitalRoles,
  insertDesignation,
  listDesignations,
  revokeDesignation,
} from '../../db/queries/access.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { findLatestTemplateVersion, findProgramme, findProgrammeBySlug } from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { iso } from '../json-result.ts'
import type { Template } from '../templates/designer.ts'
import { authorizeOnScope } from './authorize.ts'
import { accessKeyFor } from './indication-access.ts'

export interface DesignateInput {
  actor: Actor
  establishmentId: string
  programme: string
  indicationId?: string | undefined
  designeeId: string
  designeeRole: 'prescriber' | 'pnm'
}

export const toDesignationView = (d: Designation) => ({
  id: d.id,
  establishmentId: d.establishment_id,
  programmeId: d.programme_id,
  indicationId: d.indication_id,
  designatedBy: d.designated_by,
  designatedByRole: d.designated_by_role,
  designeeId: d.designee_id,
  designeeRole: d.designee_role,
  createdAt: iso(d.created_at),
  revokedAt: d.revoked_at ? iso(d.revoked_at) : null,
  revokedBy: d.revoked_by,
})

/** The programme and the access key its indication gives (C3.3). */
async function scopeOf(deps: Deps, programmeSlug: string, indicationId: string | undefined) {
  const programme = await findProgrammeBySlug(deps.db, programmeSlug)
  if (!programme) throw problem('not-found', { resource: 'programme', id: programmeSlug })
  const version = await findLatestTemplateVersion(deps.db, programme.id)
  const accessKey = version ? accessKeyFor(version.model as Template, indicationId) : null
  return { programme, accessKey }
}

export async function designate(deps: Deps, input: DesignateInput) {
  const { programme, accessKey } = await scopeOf(deps, input.programme, input.indicationId)
  const allowed = await authorizeOnScope(deps.db, input.actor, 'designate', {
    type: 'access-scope',
    establishmentId: input.establishmentId,
    organisationId: programme.organisation_id,
    indicationId: accessKey,
    designeeRole: input.designeeRole,
    programmeId: programme.id,
  })
  const roles = await findHospitalRoles(deps.db, input.designeeId, input.establishmentId)
  if (input.designeeId === input.actor.id || !roles.some((r) => r.role === input.designeeRole)) {
    throw problem('invalid-designee', { designeeRole: input.designeeRole })
  }
  return deps.db.transaction().execute(async (trx) => {
    const row = await insertDesignation(trx, {
      establishment_id: input.establishmentId,
      programme_id: programme.id,
      indication_id: accessKey,
      designated_by: input.actor.id,
      designated_by_role: allowed.role as 'prescriber' | 'pharmacist',
      designee_id: input.designeeId,
      designee_role: input.designeeRole,
    })
    await insertAuditEvent(trx, {
      actorId: input.actor.id,
      action: 'designation.create',
      subjectType: 'designation',
      subjectId: row.id,
      details: { designeeId: row.designee_id, designeeRole: row.designee_role, programme: programme.slug },
    })
    return toDesignationView(row)
  })
}

/** Whoever may designate in the same scope may revoke (the designator, or a colleague covering it). */
export async function revokeDesignationCommand(deps: Deps, input: { actor: Actor; id: string }) {
  const existing = await findDesignation(deps.db, input.id)
  if (!existing) throw problem('not-found', { resource: 'designation', id: input.id })
  const programme = (await findProgramme(deps.db, existing.programme_id))!
  await authorizeOnScope(deps.db, input.actor, 'designate', {
    type: 'access-scope',
    establishmentId: existing.establishment_id,
    organisationId: programme.organisation_id,
    indicationId: existing.indication_id,
    designeeRole: existing.designee_role,
    programmeId: programme.id,
  })
  return deps.db.transaction().execute(async (trx) => {
    const row = await revokeDesignation(trx, input.id, input.actor.id)
    if (!row) throw problem('already-revoked', { id: input.id })
    await insertAuditEvent(trx, {
      actorId: input.actor.id,
      action: 'designation.revoke',
      subjectType: 'designation',
      subjectId: row.id,
      details: { designeeId: row.designee_id },
    })
    return toDesignationView(row)
  })
}

export async function listDesignationsOf(
  deps: Deps,
  input: { actor: Actor; establishmentId: string; programme: string },
) {
  const programme = await findProgrammeBySlug(deps.db, input.programme)
  if (!programme) throw problem('not-found', { resource: 'programme', id: input.programme })
  await authorizeOnScope(deps.db, input.actor, 'view-access', {
    type: 'access-scope',
    establishmentId: input.establishmentId,
    organisationId: programme.organisation_id,
    indicationId: null,
    programmeId: programme.id,
  })
  return (await listDesignations(deps.db, input.establishmentId, programme.id)).map(toDesignationView)
}
