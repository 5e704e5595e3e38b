/**
 * Enqueueing an e-mail: a row in the outbox written with the caller's executor, so inside a command's
 * transaction the mail exists iff the change it announces commits. The dispatcher sends it later.
 */
import type { Executor } from '../../db/database.ts'
import { findOutboxMailByDedupeKey, insertOutboxMail } from '../../db/queries/outbox.ts'
import { MAIL_TEMPLATES, type MailData, type MailTemplateName } from './templates.ts'

export interface MailToEnqueue<T extends MailTemplateName> {
  template: T
  /** One address; one row per recipient, so each is retried and reported on its own. */
  to: string
  data: MailData<T>
  /**
   * Makes the enqueue idempotent: a second enqueue with the same key is a no-op (e.g.
   * `registration-number:<enrolmentId>:<userId>`). Keys are global: prefix them with the event.
   */
  dedupeKey?: string | undefined
}

export class InvalidMailError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InvalidMailError'
  }
}

// Deliberately plain (one address, nothing that could end a header or add a recipient): the address comes
// from our directory and the SMTP server has the last word.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/

/**
 * Adds a mail to the outbox. Returns its id and whether this call created it (false: the dedupe key
 * was already used, the existing mail's id is returned). Invalid data is a programming error and throws
 * before anything is written.
 */
export async function enqueueMail<T extends MailTemplateName>(
  executor: Executor,
  mail: MailToEnqueue<T>,
): Promise<{ id: string; created: boolean }> {
  const schema = MAIL_TEMPLATES[mail.template]
  if (!schema) throw new InvalidMailError(`unknown mail template ${String(mail.template)}`)
  const parsed = schema.safeParse(mail.data)
  if (!parsed.success) {
    throw new InvalidMailError(
      `mail ${mail.template}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    )
  }
  if (mail.to.length > 320 || !ADDRESS.test(mail.to)) {
    throw new InvalidMailError(`mail ${mail.template}: invalid recipient address`)
  }
  const dedupeKey = mail.dedupeKey ?? null
  const id = await insertOutboxMail(executor, {
    template: mail.template,
    recipient: mail.to,
    data: parsed.data,
    dedupeKey,
  })
  if (id) return { id, created: true }
  const existing = await findOutboxMailByDedupeKey(executor, dedupeKey!)
  return { id: existing!.id, created: false }
}
