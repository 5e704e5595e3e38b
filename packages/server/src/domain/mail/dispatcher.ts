/**
 * The mail dispatcher: claims due outbox rows (FOR UPDATE SKIP LOCKED under a lease token, so several
 * server instances never send the same mail), renders and sends each, and records the outcome: sent;
 * retried later with exponential backoff; or failed for good (kept, visible, re-queueable) after the
 * last attempt or a permanent refusal.
 */
import { randomUUID } from 'node:crypto'
import type { Db, OutboxMail } from '../../db/database.ts'
import { claimDueMails, markMailAttemptFailed, markMailSent } from '../../db/queries/outbox.ts'
import { MailDeliveryError, type MailTransport } from '../../external/smtp.ts'
import { MailRenderError, type MailRenderer } from './render.ts'

export interface RetryPolicy {
  /** Attempts in all, the first included; then the mail is failed. */
  maxAttempts: number
  /** Delay after the first failed attempt; doubled after each further one. */
  baseDelaySeconds: number
  maxDelaySeconds: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelaySeconds: 30,
  maxDelaySeconds: 3600,
}

export interface DispatcherOptions {
  db: Db
  transport: MailTransport
  renderer: MailRenderer
  /** The From header, e.g. `OpenPUT <no-reply@openput.example.fr>`. */
  from: string
  retry?: RetryPolicy
  /** Mails claimed per round trip. */
  batchSize?: number
  /** How long a claim holds: must exceed the time to send a whole batch (SMTP timeouts × batch size). */
  leaseSeconds?: number
  pollIntervalMs?: number
  now?: () => Date
  log?: (event: DispatchEvent) => void
}

export type DispatchEvent =
  | { kind: 'sent'; mail: OutboxMail }
  | { kind: 'retry'; mail: OutboxMail; error: string; retryAt: Date }
  | { kind: 'failed'; mail: OutboxMail; error: string }
  | { kind: 'lost-claim'; mail: OutboxMail }
  | { kind: 'error'; error: unknown }

export interface DrainResult {
  sent: number
  retried: number
  failed: number
}

export interface MailDispatcher {
  /** Sends everything due now, batch after batch, and says what happened. */
  drain(): Promise<DrainResult>
  /** Polls in the background until stop(). */
  start(): void
  /** Ends the polling and waits for the batch in flight: nothing is left half-recorded. */
  stop(): Promise<void>
}

/** Delay before the attempt after `attempts` failed ones: base × 2^(attempts−1), capped. */
export const retryDelaySeconds = (policy: RetryPolicy, attempts: number) =>
  Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** Math.max(0, attempts - 1))

export function createMailDispatcher(options: DispatcherOptions): MailDispatcher {
  const retry = options.retry ?? DEFAULT_RETRY_POLICY
  const batchSize = options.batchSize ?? 10
  const leaseSeconds = options.leaseSeconds ?? 600
  const pollIntervalMs = options.pollIntervalMs ?? 5000
  const now = options.now ?? (() => new Date())
  const log = options.log ?? (() => {})

  async function deliver(mail: OutboxMail, token: string, result: DrainResult) {
    let failure: { error: string; permanent: boolean }
    try {
      const rendered = options.renderer.render(mail.template, mail.data)
      const { messageId } = await options.transport.send({
        from: options.from,
        to: mail.recipient,
        ...rendered,
        outboxId: mail.id,
      })
      if (await markMailSent(options.db, { id: mail.id, token, messageId, now: now() })) {
        result.sent++
        log({ kind: 'sent', mail })
      } else log({ kind: 'lost-claim', mail })
      return
    } catch (error) {
      if (error instanceof MailRenderError) failure = { error: error.message, permanent: true }
      else if (error instanceof MailDeliveryError)
        failure = { error: error.message, permanent: error.permanent }
      // A database error after sending, or a bug: not a delivery failure; the lease will expire.
      else throw error
    }
    const last = failure.permanent || mail.attempts >= retry.maxAttempts
    const retryAt = last ? null : new Date(now().getTime() + retryDelaySeconds(retry, mail.attempts) * 1000)
    if (!(await markMailAttemptFailed(options.db, { id: mail.id, token, error: failure.error, retryAt }))) {
      log({ kind: 'lost-claim', mail })
    } else if (retryAt) {
      result.retried++
      log({ kind: 'retry', mail, error: failure.error, retryAt })
    } else {
      result.failed++
      log({ kind: 'failed', mail, error: failure.error })
    }
  }

  async function drain(): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, retried: 0, failed: 0 }
    for (;;) {
      const token = randomUUID()
      // biome-ignore lint/performance/noAwaitInLoops: one batch after the other, until none is due
      const batch = await claimDueMails(options.db, { token, limit: batchSize, leaseSeconds, now: now() })
      const sentBefore = result.sent
      for (const mail of batch) {
        // Sequential: one SMTP conversation at a time, in the order the mails became due.
        // biome-ignore lint/performance/noAwaitInLoops: see above
        await deliver(mail, token, result)
      }
      // A batch with no success means the server is struggling: wait for the next poll.
      if (batch.length < batchSize || result.sent === sentBefore) return result
    }
  }

  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> | undefined
  let stopped = true
  const tick = () => {
    running = drain()
      .catch((error: unknown) => log({ kind: 'error', error }))
      .finally(() => {
        running = undefined
        if (!stopped) timer = setTimeout(tick, pollIntervalMs)
      })
  }
  return {
    drain,
    start() {
      if (!stopped) return
      stopped = false
      tick()
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
