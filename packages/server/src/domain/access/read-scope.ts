/**
 * `read` on every record of a programme at once: the records can() lets an actor read, as a scope a SQL
 * filter can apply (lists, dashboards, reports). Derived from can.ts's own rules and tested against can().
 */
import type { ScopeFilter } from '../../db/queries/follow-up.ts'
import type { Actor } from '../actor.ts'
import { coveredBy, type HeldAccess, type RecordFacts } from './can.ts'
import { isHospitalRole, LAB_PERMISSIONS } from './roles.ts'

/** The scope's shape is the SQL filter's (db/queries/follow-up.ts), which applies it to whole lists. */
export type ReadScope = ScopeFilter
export type EstablishmentReach = ScopeFilter['establishments'][number]

/**
 * The scope of `read` for one programme. A key covered by coveredBy is a key the actor holds a request or
 * designation for, or null: those are the only candidates, so testing each gives exactly can()'s answer.
 */
export function readScope(actor: Actor, organisationId: string, held: HeldAccess): ReadScope {
  const candidates = [
    null,
    ...new Set(
      [...held.requests, ...held.designations].flatMap((x) => (x.indicationId ? [x.indicationId] : [])),
    ),
  ]
  const establishments: EstablishmentReach[] = []
  const grantEstablishmentIds: string[] = []
  let all = false
  for (const m of actor.memberships) {
    if (isHospitalRole(m.role) && m.establishment_id) {
      const e = m.establishment_id
      grantEstablishmentIds.push(e)
      if (m.role === 'pharmacist') establishments.push({ establishmentId: e, accessKeys: 'any' })
      else {
        const role = m.role
        const keys = candidates.filter((k) => coveredBy(role, e, k, held))
        if (keys.length > 0) establishments.push({ establishmentId: e, accessKeys: keys })
      }
    } else if (
      !isHospitalRole(m.role) &&
      m.organisation_id === organisationId &&
      LAB_PERMISSIONS[m.role].read
    ) {
      all = true
    }
  }
  return { all, establishments, grantEstablishmentIds: [...new Set(grantEstablishmentIds)] }
}

/** Whether an establishment is related to a record: its origin, or a transfer's destination (any date). */
const related = (record: RecordFacts, establishmentId: string) =>
  record.originEstablishmentId === establishmentId ||
  record.transfers.some((t) => t.toEstablishmentId === establishmentId)

/** The scope applied to one record, in memory: what the SQL filter of db/queries/follow-up.ts computes. */
export function scopeAllows(scope: ReadScope, record: RecordFacts): boolean {
  if (scope.all) return true
  const byCustody = scope.establishments.some(
    (r) =>
      related(record, r.establishmentId) &&
      (r.accessKeys === 'any' || r.accessKeys.includes(record.accessKey)),
  )
  return byCustody || (record.dispensingGrant && scope.grantEstablishmentIds.some((e) => !related(record, e)))
}
