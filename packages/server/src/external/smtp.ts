/**
 * Sending e-mail over SMTP with nodemailer: one connection per message (mail is rare here), bounded
 * timeouts so a dead server cannot hold a dispatcher, and SMTP replies classified into permanent (5xx:
 * retrying cannot help) or transient (4xx, network) failures.
 */
import nodemailer from 'nodemailer'

export interface OutgoingMail {
  from: string
  to: string
  subject: string
  text: string
  html: string
  /** Our outbox id, sent as a header so a delivered message can be traced back to its row. */
  outboxId: string
}

/** What the mail dispatcher needs from a transport; tests and the SMTP adapter implement it. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<{ messageId: string | null }>
  close(): Promise<void>
}

export class MailDeliveryError extends Error {
  constructor(
    message: string,
    /** True when the server refused for good (5xx reply): the mail is marked failed without retrying. */
    readonly permanent: boolean,
  ) {
    super(message)
    this.name = 'MailDeliveryError'
  }
}

export interface SmtpSettings {
  /** smtp://[user:pass@]host:port (STARTTLS when offered) or smtps://host:port (implicit TLS). */
  url: string
  connectionTimeoutMs?: number
  socketTimeoutMs?: number
}

export function createSmtpTransport(settings: SmtpSettings): MailTransport {
  const url = new URL(settings.url)
  const secure = url.protocol === 'smtps:'
  const transporter = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    connectionTimeout: settings.connectionTimeoutMs ?? 10_000,
    greetingTimeout: settings.connectionTimeoutMs ?? 10_000,
    socketTimeout: settings.socketTimeoutMs ?? 30_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  })
  return {
    async send(mail) {
      try {
        const info = await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: { 'X-OpenPUT-Outbox-Id': mail.outboxId },
          disableFileAccess: true,
          disableUrlAccess: true,
        })
        if (info.rejected.length > 0) {
          throw new MailDeliveryError(`recipient rejected: ${String(info.response)}`, true)
        }
        return { messageId: info.messageId ?? null }
      } catch (error) {
        throw classify(error)
      }
    },
    async close() {
      transporter.close()
    },
  }
}

function classify(error: unknown): MailDeliveryError {
  if (error instanceof MailDeliveryError) return error
  const e = error as { message?: string; code?: string; responseCode?: number; response?: string }
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600
  const detail = e.response ?? e.message ?? String(error)
  return new MailDeliveryError(`${e.code ? `${e.code}: ` : ''}${detail}`, permanent)
}
