/**
 * The outbox seen by an operator (the `mail` CLI): counts, the mails of a state with their last error,
 * and re-queueing failed mails with a fresh budget of attempts, audited.
 */
import type { Db, OutboxMailStatus } from '../../db/database.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import {
  countOutboxMailsByStatus,
  findOutboxMail,
  listOutboxMails,
  requeueFailedMail,
} from '../../db/queries/outbox.ts'

export const outboxCounts = (db: Db) => countOutboxMailsByStatus(db)

export const listMails = (db: Db, status: OutboxMailStatus | undefined, limit = 100) =>
  listOutboxMails(db, { ...(status ? { status } : {}), limit })

export type RequeueOutcome = 'requeued' | 'not-found' | 'not-failed'

/** Puts one failed mail back in the queue (due now); `actorId` null when an operator does it. */
export async function requeueMail(
  db: Db,
  id: string,
  actorId: string | null = null,
  now = new Date(),
): Promise<RequeueOutcome> {
  return db.transaction().execute(async (trx) => {
    const mail = await findOutboxMail(trx, id)
    if (!mail) return 'not-found'
    const requeued = await requeueFailedMail(trx, id, now)
    if (!requeued) return 'not-failed'
    await insertAuditEvent(trx, {
      actorId,
      action: 'outbox-mail.requeue',
      subjectType: 'outbox-mail',
      subjectId: id,
      details: { template: mail.template, attemptsBefore: mail.attempts, lastError: mail.last_error },
    })
    return 'requeued'
  })
}
