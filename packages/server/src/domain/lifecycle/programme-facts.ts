/**
 * What the lifecycle rules decide on for one programme: its organisation and the freeze in force, loaded
 * once and handed to can() as a `programme` resource.
 */
import type { Executor } from '../../db/database.ts'
import { findFreezeInForce } from '../../db/queries/lifecycle.ts'
import { findProgramme } from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import { authorizeOn } from '../access/authorize.ts'
import type { Action } from '../access/can.ts'
import type { Actor } from '../actor.ts'

/** Loads the programme (not-found otherwise) and enforces `action` on it; returns both. */
export async function authorizeOnProgramme(
  db: Executor,
  actor: Actor,
  action: Action,
  programmeId: string,
  options: { establishmentId?: string | undefined; now?: Date } = {},
) {
  const [programme, freeze] = await Promise.all([
    findProgramme(db, programmeId),
    findFreezeInForce(db, programmeId),
  ])
  if (!programme) throw problem('not-found', { resource: 'programme', id: programmeId })
  const decision = authorizeOn(
    actor,
    action,
    {
      type: 'programme',
      organisationId: programme.organisation_id,
      establishmentId: options.establishmentId,
      freezesOn: freeze?.freeze_on ?? null,
    },
    options.now,
  )
  return { programme, freeze, decision }
}
