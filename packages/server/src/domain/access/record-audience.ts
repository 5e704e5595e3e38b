/**
 * Who has access to one record at a given instant (C6.1 notifies them): every health professional of
 * the establishments concerned for whom can() allows `read`, with what they held at that instant. The
 * rules are can()'s; this module only gathers the candidates and asks.
 */
import type { Executor } from '../../db/database.ts'
import { findRecordFacts } from '../../db/queries/access.ts'
import { listRecordStaffCandidates } from '../../db/queries/registration-numbers.ts'
import type { Actor } from '../actor.ts'
import { toRecordFacts } from './authorize.ts'
import { can } from './can.ts'
import { isHospitalRole } from './roles.ts'

export interface RecordProfessional {
  userId: string
  email: string
  displayName: string
  role: string
}

// findRecordFacts also reads what one actor holds; with nobody's id only the record's own facts remain.
const NOBODY = '00000000-0000-0000-0000-000000000000'

/**
 * `at.exact`: the instant as Postgres writes a timestamptz (to the microsecond, e.g. an access request's
 * `created_at::text`), for the comparisons in SQL; `at.date`: the same instant for the rules' calendar day.
 */
export async function professionalsWithAccess(
  db: Executor,
  enrolmentId: string,
  at: { exact: string; date: Date },
): Promise<RecordProfessional[]> {
  const row = await findRecordFacts(db, { actorId: NOBODY, enrolmentId })
  if (!row) return []
  const record = toRecordFacts(row)
  const candidates = await listRecordStaffCandidates(db, {
    enrolmentId,
    programmeId: row.programme_id,
    establishmentIds: [record.originEstablishmentId, ...record.transfers.map((t) => t.toEstablishmentId)],
    at: at.exact,
  })
  return candidates.flatMap((c) => {
    // Professionals only: a lab membership of the same person is not a health professional's access.
    const actor: Actor = {
      id: c.id,
      displayName: c.display_name,
      memberships: c.memberships.filter((m) => isHospitalRole(m.role)),
    }
    const decision = can(
      actor,
      'read',
      { type: 'record', record: { ...record, dispensingGrant: Boolean(c.dispensing_grant) } },
      { now: at.date, held: { requests: c.requests, designations: c.designations } },
    )
    return decision.allowed
      ? [{ userId: c.id, email: c.email, displayName: c.display_name, role: decision.role }]
      : []
  })
}
