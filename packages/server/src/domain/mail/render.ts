/**
 * Renders an outbox mail: the template's data checked against its schema, then subject, text and HTML from
 * its folder, in a Handlebars environment of our own (strict, known helpers only). HTML escapes every
 * value; subject and text do not (they are not HTML), and the subject loses any CR/LF so that no value
 * can add a header.
 */
import { readFileSync } from 'node:fs'
import Handlebars from 'handlebars'
import {
  isMailTemplateName,
  MAIL_TEMPLATE_NAMES,
  MAIL_TEMPLATES,
  type MailTemplateName,
} from './templates.ts'

export interface RenderedMail {
  subject: string
  text: string
  html: string
}

export interface MailRenderer {
  /** Throws MailRenderError when the template is unknown or the data does not fit it. */
  render(template: string, data: unknown): RenderedMail
}

export class MailRenderError extends Error {
  constructor(
    readonly template: string,
    message: string,
  ) {
    super(`mail template ${template}: ${message}`)
    this.name = 'MailRenderError'
  }
}

const HELPERS = { safeUrl: true, platformUrl: true } as const
const HTML_OPTIONS = { strict: true, knownHelpersOnly: true, knownHelpers: HELPERS } as const
const PLAIN_OPTIONS = { ...HTML_OPTIONS, noEscape: true } as const

const TEMPLATES_DIR = new URL('./templates/', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, TEMPLATES_DIR), 'utf8')

/** Only http(s) and mailto links survive; anything else (javascript:, data:…) becomes an inert "#". */
export function safeUrl(value: unknown): string {
  if (typeof value !== 'string') return '#'
  try {
    const url = new URL(value)
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : '#'
  } catch {
    return '#'
  }
}

const oneLine = (s: string) =>
  s
    .replace(/[\r\n]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

/**
 * Compiles every registered template once (a missing file fails at startup, not at the first send).
 * `publicOrigin` is where links point: `{{platformUrl path}}` is that origin plus an absolute path.
 */
export function createMailRenderer(options: { publicOrigin: string }): MailRenderer {
  const origin = new URL(options.publicOrigin).origin
  const hbs = Handlebars.create()
  hbs.registerHelper('safeUrl', (value: unknown) => safeUrl(value))
  hbs.registerHelper('platformUrl', (path: unknown) =>
    // Absolute paths only: "//host" or "/\host" would leave the platform.
    typeof path === 'string' && /^\/(?![/\\])/.test(path) ? `${origin}${path}` : origin,
  )
  const layout = hbs.compile(read('layout.html.hbs'), HTML_OPTIONS)
  const compiled = new Map(
    MAIL_TEMPLATE_NAMES.map((name) => [
      name,
      {
        subject: hbs.compile(read(`${name}/subject.hbs`), PLAIN_OPTIONS),
        text: hbs.compile(read(`${name}/text.hbs`), PLAIN_OPTIONS),
        html: hbs.compile(read(`${name}/html.hbs`), HTML_OPTIONS),
      },
    ]),
  )
  return {
    render(template, data) {
      if (!isMailTemplateName(template)) throw new MailRenderError(template, 'unknown template')
      const parsed = MAIL_TEMPLATES[template as MailTemplateName].safeParse(data)
      if (!parsed.success) {
        throw new MailRenderError(
          template,
          `invalid data: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
        )
      }
      // Plain JSON only: Handlebars must never see prototypes or getters.
      const context = structuredClone(parsed.data)
      const t = compiled.get(template as MailTemplateName)!
      try {
        const subject = oneLine(t.subject(context))
        return {
          subject,
          text: `${t.text(context).trim()}\n\n-- \nMessage envoyé automatiquement par OpenPUT. Merci de ne pas y répondre.\n`,
          html: layout({ subject, body: t.html(context) }),
        }
      } catch (error) {
        throw new MailRenderError(template, (error as Error).message)
      }
    },
  }
}
