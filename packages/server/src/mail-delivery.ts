/**
 * Wires outgoing mail for main.ts: the SMTP server of SMTP_URL, or in development without one a capture
 * server on loopback that writes every mail to a folder (announced on the console: never silently
 * dropped), and the outbox dispatcher polling in the background until stop().
 */
import type { Config } from './config.ts'
import type { Db } from './db/database.ts'
import type { MailCapture } from './dev/mail-capture.ts'
import { createMailDispatcher, type DispatchEvent } from './domain/mail/dispatcher.ts'
import { createMailRenderer } from './domain/mail/render.ts'
import { createSmtpTransport } from './external/smtp.ts'

export interface MailDelivery {
  /** Printed at start-up: where mails go. */
  description: string
  stop(): Promise<void>
}

/** Where the dispatcher's news goes: main.ts passes the console (the only module that prints). */
export type MailLog = (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void

function logEvent(log: MailLog, event: DispatchEvent) {
  switch (event.kind) {
    case 'sent':
      return log('info', `Courriel ${event.mail.id} (${event.mail.template}) envoyé.`)
    case 'retry':
      return log(
        'warn',
        `Courriel ${event.mail.id} (${event.mail.template}) : échec de la tentative ${event.mail.attempts} (${event.error}) ; nouvel essai à ${event.retryAt.toISOString()}.`,
      )
    case 'failed':
      return log(
        'error',
        `Courriel ${event.mail.id} (${event.mail.template}) en échec définitif après ${event.mail.attempts} tentative(s) : ${event.error}. Pour le renvoyer : docs/mail.md.`,
      )
    case 'lost-claim':
      return log('warn', `Courriel ${event.mail.id} : repris par une autre instance (bail expiré).`)
    case 'error':
      return log('error', 'Envoi des courriels interrompu (nouvel essai au prochain passage) :', event.error)
  }
}

export async function startMailDelivery(config: Config, db: Db, log: MailLog): Promise<MailDelivery> {
  let capture: MailCapture | undefined
  let smtpUrl = config.mail.smtpUrl
  if (!smtpUrl) {
    // Development only (config.ts requires SMTP_URL in production); smtp-server is loaded only here.
    const { startMailCapture } = await import('./dev/mail-capture.ts')
    capture = await startMailCapture({
      dir: config.mail.captureDir,
      onMail: (mail) =>
        log(
          'info',
          `Courriel capturé pour ${mail.envelope.to.join(', ')} : « ${mail.subject} » → ${mail.file}`,
        ),
    })
    smtpUrl = capture.url
  }
  const transport = createSmtpTransport({ url: smtpUrl })
  const dispatcher = createMailDispatcher({
    db,
    transport,
    renderer: createMailRenderer({ publicOrigin: config.publicOrigin }),
    from: config.mail.from,
    log: (event) => logEvent(log, event),
  })
  dispatcher.start()
  return {
    description: capture
      ? `capturés en DÉVELOPPEMENT dans ${config.mail.captureDir} (aucun n'est envoyé ; SMTP_URL pour un vrai serveur)`
      : `envoyés par ${new URL(smtpUrl).host}`,
    async stop() {
      await dispatcher.stop()
      await transport.close()
      await capture?.close()
    },
  }
}
