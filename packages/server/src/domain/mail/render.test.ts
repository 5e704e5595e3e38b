import { describe, expect, it } from 'vitest'
import { createMailRenderer, MailRenderError, safeUrl } from './render.ts'
import { MAIL_TEMPLATE_NAMES } from './templates.ts'

describe('mail templates', () => {
  const renderer = createMailRenderer({ publicOrigin: 'https://openput.example.fr' })

  it('every registered template has its folder (subject, text, html) and compiles with known helpers only', () => {
    // createMailRenderer compiled them all above; a missing file or an unknown helper would have thrown.
    expect(MAIL_TEMPLATE_NAMES.length).toBeGreaterThan(0)
  })

  it('refuses an unknown template and data that does not fit the schema', () => {
    expect(() => renderer.render('nope', {})).toThrow(MailRenderError)
    expect(() => renderer.render('registration-number-assigned', { registrationNumber: 'X' })).toThrow(
      /invalid data/,
    )
  })

  it('renders the subject on one line and links on the public origin only', () => {
    const mail = renderer.render('registration-number-assigned', {
      registrationNumber: 'A\r\nB',
      programmeName: 'P\nQ',
      patientPath: '/dossiers/1',
    })
    expect(mail.subject).toBe("[OpenPUT] P Q : numéro d'enregistrement A B attribué")
    expect(mail.text).toContain('https://openput.example.fr/dossiers/1')
  })

  it.each([
    ['javascript:alert(1)', '#'],
    ['JaVaScRiPt:alert(1)', '#'],
    ['data:text/html,<b>', '#'],
    ['//evil.example', '#'],
    ['https://openput.example.fr/a?b=1', 'https://openput.example.fr/a?b=1'],
    ['mailto:a@b.fr', 'mailto:a@b.fr'],
  ])('safeUrl(%s) → %s', (input, output) => {
    expect(safeUrl(input)).toBe(output)
  })
})
