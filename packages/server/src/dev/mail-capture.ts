/**
 * A real SMTP server on loopback that keeps what it receives (smtp-server): in development, where no
 * SMTP_URL is set, every mail lands in a folder as an .eml file and is announced on the console; tests
 * read the captured messages. Includes the small MIME reader both need. Never started in production.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { SMTPServer, type SMTPServerAddress } from 'smtp-server'

export interface ParsedMail {
  /** Header names in lower case, values unfolded and with encoded words decoded. */
  headers: Map<string, string>
  subject: string
  text: string
  html: string
}

export interface CapturedMail extends ParsedMail {
  envelope: { from: string; to: string[] }
  raw: string
  /** The .eml file, when capturing to a folder. */
  file?: string
}

/** Makes the server answer RCPT TO for an address with an SMTP error (tests of retries and refusals). */
export type RecipientPolicy = (address: string) => { code: number; message: string } | undefined

export interface MailCaptureOptions {
  /** 0 (default): any free port. A fixed port lets a test stop the server and start it again. */
  port?: number
  /** Where to write each message as <time>-<n>.eml. */
  dir?: string
  onMail?: (mail: CapturedMail) => void
  recipientPolicy?: RecipientPolicy
}

export interface MailCapture {
  port: number
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string
  messages: CapturedMail[]
  /** Resolves once `count` messages arrived in all; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedMail[]>
  close(): Promise<void>
}

export async function startMailCapture(options: MailCaptureOptions = {}): Promise<MailCapture> {
  if (options.dir) mkdirSync(options.dir, { recursive: true })
  const messages: CapturedMail[] = []
  const waiters = new Set<() => void>()
  let n = 0
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const refusal = options.recipientPolicy?.(address.address)
      if (!refusal) return callback()
      return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const mail: CapturedMail = {
          ...parseMail(raw),
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          raw,
        }
        if (options.dir) {
          mail.file = join(options.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${++n}.eml`)
          writeFileSync(mail.file, raw)
        }
        messages.push(mail)
        options.onMail?.(mail)
        for (const wake of waiters) wake()
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.server.address() as AddressInfo
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return
          waiters.delete(check)
          clearTimeout(timer)
          resolve(messages.slice())
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`${messages.length} courriel(s) reçu(s) sur ${count} attendu(s)`))
        }, timeoutMs)
        waiters.add(check)
        check()
      })
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

// ——— MIME, just enough for what nodemailer writes: headers, multipart, quoted-printable, base64 ———

function bytesOfQuotedPrintable(text: string, underscoreIsSpace: boolean): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    } else if (ch === '_' && underscoreIsSpace) out.push(0x20)
    else out.push(...Buffer.from(ch, 'utf8'))
  }
  return Uint8Array.from(out)
}

const decoderFor = (charset: string) => {
  try {
    return new TextDecoder(charset)
  } catch {
    return new TextDecoder('utf-8')
  }
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=); blanks between two of them vanish. */
export const decodeWords = (value: string) =>
  value.replace(
    /=\?([^?]+)\?([BbQq])\?([^?]*)\?=(?:\s+(?==\?))?/g,
    (_, charset: string, enc: string, text: string) =>
      decoderFor(charset).decode(
        enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : bytesOfQuotedPrintable(text, true),
      ),
  )

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>()
  for (const line of text.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    if (!headers.has(name)) headers.set(name, decodeWords(line.slice(colon + 1).trim()))
  }
  return headers
}

const param = (value: string, name: string) => new RegExp(`;\\s*${name}="?([^";]+)"?`, 'i').exec(value)?.[1]

function decodeBody(body: string, headers: Map<string, string>): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()
  const charset = param(headers.get('content-type') ?? '', 'charset') ?? 'utf-8'
  if (encoding === 'base64')
    return decoderFor(charset).decode(Buffer.from(body.replace(/\s+/g, ''), 'base64'))
  if (encoding === 'quoted-printable') {
    return decoderFor(charset).decode(bytesOfQuotedPrintable(body.replace(/=\r?\n/g, ''), false))
  }
  return body
}

/** Headers, subject, and the text/plain and text/html parts of a message (first of each). */
export function parseMail(raw: string): ParsedMail {
  const result: ParsedMail = { headers: new Map(), subject: '', text: '', html: '' }
  const walk = (entity: string, top: boolean) => {
    const split = /\r?\n\r?\n/.exec(entity)
    const headerText = split ? entity.slice(0, split.index) : entity
    const body = split ? entity.slice(split.index + split[0].length) : ''
    const headers = parseHeaders(headerText)
    if (top) result.headers = headers
    const type = (headers.get('content-type') ?? 'text/plain').toLowerCase()
    const boundary = param(headers.get('content-type') ?? '', 'boundary')
    if (type.startsWith('multipart/') && boundary) {
      const parts = body.split(`--${boundary}`).slice(1)
      for (const part of parts) {
        if (part.startsWith('--')) break
        walk(part.replace(/^\r?\n/, ''), false)
      }
    } else if (type.startsWith('text/html') && !result.html) result.html = decodeBody(body, headers)
    else if (type.startsWith('text/plain') && !result.text) result.text = decodeBody(body, headers)
  }
  walk(raw, true)
  result.subject = result.headers.get('subject') ?? ''
  return result
}
