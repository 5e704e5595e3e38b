/**
 * The mail outbox's SQL: enqueue (idempotent on the dedupe key), claim due mails without two dispatchers
 * ever holding the same row (FOR UPDATE SKIP LOCKED + a lease token), and record each attempt's outcome.
 */
import { sql } from 'kysely'
import type { Executor, OutboxMail, OutboxMailStatus } from '../database.ts'

export interface NewOutboxMail {
  template: string
  recipient: string
  data: Record<string, unknown>
  dedupeKey: string | null
}

/** The new row's id, or undefined when a mail with the same dedupe key already exists. */
export const insertOutboxMail = async (db: Executor, mail: NewOutboxMail) =>
  (
    await db
      .insertInto('outbox_mails')
      .values({
        template: mail.template,
        recipient: mail.recipient,
        data: JSON.stringify(mail.data),
        dedupe_key: mail.dedupeKey,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst()
  )?.id

export const findOutboxMailByDedupeKey = (db: Executor, dedupeKey: string) =>
  db.selectFrom('outbox_mails').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst()

export const findOutboxMail = (db: Executor, id: string) =>
  db.selectFrom('outbox_mails').selectAll().where('id', '=', id).executeTakeFirst()

/**
 * Claims up to `limit` due mails for `leaseSeconds` under `token`, counting the attempt now (a crash
 * mid-send still counts). SKIP LOCKED lets concurrent claimers pass each other's rows; an expired lease
 * (a dispatcher that died) makes the row claimable again.
 */
export const claimDueMails = async (
  db: Executor,
  claim: { token: string; limit: number; leaseSeconds: number; now: Date },
): Promise<OutboxMail[]> => {
  const rows = await sql<OutboxMail>`
    with due as (
      select id from outbox_mails
      where status = 'pending'
        and next_attempt_at <= ${claim.now}
        and (claimed_until is null or claimed_until <= ${claim.now})
      order by next_attempt_at, id
      limit ${claim.limit}
      for update skip locked
    )
    update outbox_mails m
    set claim_token = ${claim.token},
        claimed_until = ${claim.now}::timestamptz + make_interval(secs => ${claim.leaseSeconds}),
        attempts = m.attempts + 1,
        last_attempt_at = ${claim.now}
    from due
    where m.id = due.id
    returning m.*`.execute(db)
  // Postgres returns UPDATE … RETURNING rows in no defined order.
  return rows.rows.sort(
    (a, b) => a.next_attempt_at.getTime() - b.next_attempt_at.getTime() || a.id.localeCompare(b.id),
  )
}

/** False when the claim was lost (lease expired and another dispatcher took the row). */
export const markMailSent = async (
  db: Executor,
  mail: { id: string; token: string; messageId: string | null; now: Date },
) =>
  (
    await db
      .updateTable('outbox_mails')
      .set({
        status: 'sent',
        sent_at: mail.now,
        message_id: mail.messageId,
        last_error: null,
        claim_token: null,
        claimed_until: null,
      })
      .where('id', '=', mail.id)
      .where('claim_token', '=', mail.token)
      .executeTakeFirst()
  ).numUpdatedRows > 0n

/** Records a failed attempt: back to pending at `retryAt`, or failed for good when `retryAt` is null. */
export const markMailAttemptFailed = async (
  db: Executor,
  mail: { id: string; token: string; error: string; retryAt: Date | null },
) =>
  (
    await db
      .updateTable('outbox_mails')
      .set({
        status: mail.retryAt ? 'pending' : 'failed',
        next_attempt_at: (eb) => (mail.retryAt ? eb.val(mail.retryAt) : eb.ref('next_attempt_at')),
        last_error: mail.error.slice(0, 2000),
        claim_token: null,
        claimed_until: null,
      })
      .where('id', '=', mail.id)
      .where('claim_token', '=', mail.token)
      .executeTakeFirst()
  ).numUpdatedRows > 0n

/** A failed mail back in the queue with a fresh budget of attempts; its last error stays visible. */
export const requeueFailedMail = (db: Executor, id: string, now: Date) =>
  db
    .updateTable('outbox_mails')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returningAll()
    .executeTakeFirst()

export const listOutboxMails = (db: Executor, filter: { status?: OutboxMailStatus; limit: number }) => {
  let query = db.selectFrom('outbox_mails').selectAll()
  if (filter.status) query = query.where('status', '=', filter.status)
  return query.orderBy('created_at').orderBy('id').limit(filter.limit).execute()
}

export const countOutboxMailsByStatus = async (db: Executor) => {
  const rows = await db
    .selectFrom('outbox_mails')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status')
    .orderBy('status')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<
    Record<OutboxMailStatus, number>
  >
}
