/**
 * The registry of e-mail templates: each name maps to the zod schema of the data it renders, and to the
 * folder `templates/<name>/` holding `subject.hbs`, `text.hbs` and `html.hbs` (French). Adding a template
 * is that folder plus one line here (docs/mail.md).
 */
import { z } from 'zod'

/** A path on the platform (rendered against PUBLIC_ORIGIN by the `platformUrl` helper). */
// An absolute path on our origin; "//host" would be another site.
const platformPath = z
  .string()
  .max(500)
  .regex(/^\/(?!\/)[A-Za-z0-9._~\-/]*$/, { error: 'chemin absolu attendu' })
const text = (max: number) => z.string().min(1).max(max)

export const MAIL_TEMPLATES = {
  // C6.1: a registration number was assigned; only the number, the programme and a link, nothing more.
  'registration-number-assigned': z.strictObject({
    registrationNumber: text(64),
    programmeName: text(200),
    patientPath: platformPath,
  }),
  // C12.1: a database freeze is scheduled (at least two months ahead); C12.2: where the missing-data report is.
  'closure-scheduled': z.strictObject({
    programmeName: text(200),
    freezeOn: z.iso.date(),
    note: text(2000).nullable(),
    programmePath: platformPath,
  }),
  // C12.1, C12.3: a reminder before the freeze (30, 7 and 1 days before).
  'closure-reminder': z.strictObject({
    programmeName: text(200),
    freezeOn: z.iso.date(),
    daysLeft: z.number().int().min(1).max(31),
    programmePath: platformPath,
  }),
  // C7.1: a user's overdue follow-up visits (docs/follow-up.md); registration numbers only, no patient data.
  'overdue-visits-digest': z.strictObject({
    programmeName: text(200),
    overdueCount: z.number().int().min(1),
    visits: z
      .array(
        z.strictObject({
          patient: text(100),
          visit: text(200),
          dueDate: z.iso.date(),
          daysOverdue: z.number().int().min(1),
          recordPath: platformPath,
        }),
      )
      .min(1)
      .max(20),
    moreCount: z.number().int().min(0),
    dashboardPath: platformPath,
  }),
} as const satisfies Record<string, z.ZodType<Record<string, unknown>>>

export type MailTemplateName = keyof typeof MAIL_TEMPLATES
/** What a caller passes for a template (before zod defaults). */
export type MailData<T extends MailTemplateName> = z.input<(typeof MAIL_TEMPLATES)[T]>

export const MAIL_TEMPLATE_NAMES = Object.keys(MAIL_TEMPLATES) as MailTemplateName[]

export const isMailTemplateName = (name: string): name is MailTemplateName =>
  Object.hasOwn(MAIL_TEMPLATES, name)

export const PLATFORM_PATH = platformPath
