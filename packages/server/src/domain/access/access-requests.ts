/**
 * C5.2: the treatment-access requests made in an establishment for a programme (each patient's first FAT
 * makes one), listed for the establishment's staff and the programme's lab.
 */
import { listAccessRequests } from '../../db/queries/access.ts'
import { findProgrammeBySlug } from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { iso } from '../json-result.ts'
import { authorizeOnScope } from './authorize.ts'

export async function listAccessRequestsOf(
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
  const rows = await listAccessRequests(deps.db, input.establishmentId, programme.id)
  return rows.map((r) => ({
    id: r.id,
    establishmentId: r.establishment_id,
    programmeId: r.programme_id,
    indicationId: r.indication_id,
    enrolmentId: r.enrolment_id,
    requestedBy: r.requested_by,
    createdAt: iso(r.created_at),
  }))
}
