/**
 * The audit trail: append-only rows written inside the transaction of the command they record.
 */
import type { Executor } from '../database.ts'

export interface AuditEntry {
  actorId: string | null
  action: string
  subjectType: string
  subjectId: string
  details?: Record<string, unknown>
}

export const insertAuditEvent = (db: Executor, entry: AuditEntry) =>
  db
    .insertInto('audit_events')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      details: JSON.stringify(entry.details ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow()

export const listAuditEvents = (db: Executor, subjectId: string) =>
  db
    .selectFrom('audit_events')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
