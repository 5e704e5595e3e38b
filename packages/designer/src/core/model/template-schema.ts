/**
 * The PUT template format, defined once: TypeScript types, runtime validation and the JSON Schema of
 * the format (for editor autocompletion) all come from these zod schemas.
 *
 * A template is one version of one programme's PUT: metadata, the PUT catalogue (every data item the
 * PUT document defines, grouped by annex), the fiches that collect those items, the follow-up
 * schedule and the documents. The shape is checked here; what the charter forbids (a field outside
 * the PUT, a FAT per UCD…) is the job of `checks/`, which report findings instead of refusing.
 */
import { z } from 'zod'

/** Stable identifiers: they become JSON property names and must never change meaning across versions. */
export const Id = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, {
    message: 'identifiant attendu : minuscules, chiffres et « _ », commençant par une lettre (ex. poids_kg)',
  })
  .max(64)

/** A programme's slug, also its folder name under put-templates/ (`examplimab-aap`). */
export const Slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, {
    message: 'identifiant de programme attendu : minuscules, chiffres et « - »',
  })
  .max(64)

/** ISO 8601 calendar date, as written in YAML (`2026-03-01`). */
export const IsoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
  message: 'date attendue au format AAAA-MM-JJ',
})

/** ISO 8601 duration restricted to what schedules need: `P14D`, `P2W`, `P1M`, `P6M`, `P1Y`, `P1Y6M`. */
export const Duration = z.string().regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/, {
  message: 'durée ISO 8601 attendue (ex. P14D, P1M, P6M, P1Y)',
})

export const Frameworks = ['aap-pre-amm', 'aap-post-amm', 'aac', 'cpc', 'post-aap-coverage'] as const
export const Framework = z.enum(Frameworks)

export const PutKind = z.enum(['PUT-RD', 'PUT-SP'])

export const FicheKinds = [
  'fat',
  'fit',
  'suivi',
  'arret',
  'ei',
  'situation-particuliere',
  'qdv',
  'autre',
] as const
export const FicheKind = z.enum(FicheKinds)

/** Hospital roles of the charter (C5.2–C5.4). */
export const HospitalRoles = ['prescriber', 'pharmacist', 'pnm'] as const
export const HospitalRole = z.enum(HospitalRoles)

/** Who fills an item: a hospital role, the patient (questionnaires) or the lab (transcription, registration). */
export const Filler = z.enum(['prescriber', 'pharmacist', 'pnm', 'patient', 'lab'])

/** Access levels of the C5.5 matrix, weakest first. */
export const AccessLevels = ['none', 'read', 'entry', 'entry-sign'] as const
export const AccessLevel = z.enum(AccessLevels)

export const ItemTypes = [
  'text',
  'long-text',
  'integer',
  'decimal',
  'date',
  'month-year',
  'yes-no',
  'single-choice',
  'multiple-choice',
  'repeat',
] as const
export const ItemType = z.enum(ItemTypes)

export const Widgets = [
  'input',
  'textarea',
  'radio',
  'select',
  'checkboxes',
  'date',
  'toggle',
  'table',
] as const
export const Widget = z.enum(Widgets)

const Scalar = z.union([z.string(), z.number(), z.boolean()])

/**
 * One condition model for "si oui, préciser" and every other relevance rule. The compiler turns it
 * into a JSON Schema predicate used both as the schema's `if` and as the UI rule's condition, so what
 * the form shows and what the server requires can never disagree.
 */
export type Condition =
  | { item: string; equals: string | number | boolean }
  | { item: string; notEquals: string | number | boolean }
  | { item: string; in: (string | number | boolean)[] }
  | { item: string; includes: string }
  | { item: string; filled: boolean }
  | { item: string; atLeast: number }
  | { item: string; atMost: number }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ item: Id, equals: Scalar }),
      z.strictObject({ item: Id, notEquals: Scalar }),
      z.strictObject({ item: Id, in: z.array(Scalar).min(1) }),
      z.strictObject({ item: Id, includes: z.string() }),
      z.strictObject({ item: Id, filled: z.boolean() }),
      z.strictObject({ item: Id, atLeast: z.number() }),
      z.strictObject({ item: Id, atMost: z.number() }),
      z.strictObject({ all: z.array(Condition).min(1) }),
      z.strictObject({ any: z.array(Condition).min(1) }),
      z.strictObject({ not: Condition }),
    ],
    {
      error:
        'condition attendue : { item, equals | notEquals | in | includes | filled | atLeast | atMost } ou { all | any: [...] } ou { not: ... }',
    },
  ),
)

export const ChoiceOption = z.strictObject({
  code: z.string().min(1).max(64),
  label: z.string().min(1),
})

/** Where a choice's options come from when they are not listed: the authorisation's UCDs or indications. */
export const OptionsSource = z.enum(['ucds', 'indications'])

const itemFields = {
  id: Id,
  label: z.string().min(1),
  type: ItemType,
  help: z.string().optional(),
  required: z.boolean().optional(),
  /** Relevance: the item is shown and may be required only when this holds. */
  when: Condition.optional(),
  filledBy: z.array(Filler).optional(),
  // text
  minLength: z.number().int().nonnegative().optional(),
  maxLength: z.number().int().positive().optional(),
  pattern: z.string().optional(),
  format: z.enum(['email', 'phone', 'rpps', 'finess']).optional(),
  // numbers
  min: z.number().optional(),
  max: z.number().optional(),
  unit: z.string().optional(),
  decimals: z.number().int().min(0).max(6).optional(),
  // dates (and month-year, as YYYY-MM)
  minDate: z.string().optional(),
  maxDate: z.string().optional(),
  // choices
  options: z.array(ChoiceOption).optional(),
  optionsFrom: OptionsSource.optional(),
  minSelected: z.number().int().nonnegative().optional(),
  maxSelected: z.number().int().positive().optional(),
}

/** A column of a repeated-rows item: any item type but `repeat`. */
export const ColumnItem = z.strictObject(itemFields)

export const Item = z.strictObject({
  ...itemFields,
  // repeated rows (concomitant treatments…)
  columns: z.array(ColumnItem).optional(),
  minRows: z.number().int().nonnegative().optional(),
  maxRows: z.number().int().positive().optional(),
})

/** A group of the catalogue, as in the PUT document's annexes. */
export const CatalogueGroup = z.strictObject({
  id: Id,
  title: z.string().min(1),
  annex: z.string().optional(),
  items: z.array(Item),
})

export const ItemElement = z.strictObject({
  item: Id,
  widget: Widget.optional(),
  /** Extra condition on top of the item's own relevance, for this fiche only. */
  when: Condition.optional(),
  readOnly: z.boolean().optional(),
})

/** Static explanatory text shown in the fiche; collects nothing. */
export const NoteElement = z.strictObject({ note: z.string().min(1) })

export const Element = z.union([ItemElement, NoteElement], {
  error: 'élément attendu : { item: <identifiant du catalogue> } ou { note: "texte" }',
})

export const Section = z.strictObject({
  id: Id,
  title: z.string().min(1),
  description: z.string().optional(),
  when: Condition.optional(),
  elements: z.array(Element),
})

export const Signatures = z.strictObject({
  required: z.array(HospitalRole).optional(),
  optional: z.array(HospitalRole).optional(),
})

/**
 * C8.1: a patient treated under one authorisation (an AAC) and continuing under another (the AAP) may have
 * this fiche prefilled from a fiche of the other programme. Each entry names the source fiche and the item
 * equivalences, this fiche's item → the source fiche's item holding the same datum; a prefilled value is
 * marked as such and confirmed by the user before submission.
 */
export const PrefillSource = z.strictObject({
  from: z.strictObject({
    /** The other programme's slug (`examplimab-aac`). */
    programme: Slug,
    /** The fiche of that programme the values come from. */
    fiche: Id,
  }),
  items: z
    .record(Id, Id)
    .refine((items) => Object.keys(items).length > 0, { message: 'au moins une équivalence attendue' }),
})

export const Fiche = z.strictObject({
  id: Id,
  kind: FicheKind,
  title: z.string().min(1),
  annex: z.string().optional(),
  description: z.string().optional(),
  /** Several instances per patient (adverse events, special situations…). */
  repeatable: z.boolean().optional(),
  /** Scopes the fiche to one UCD code: the charter forbids it (C1.2), the model can say it so checks can flag it. */
  ucd: z.string().optional(),
  layout: z.enum(['auto', 'categories', 'single-page']).optional(),
  sections: z.array(Section),
  signatures: Signatures.optional(),
  /** Deviations from the C5.5 matrix for this fiche. */
  access: z.partialRecord(HospitalRole, AccessLevel).optional(),
  /** C8.1: where this fiche's values may be prefilled from (another programme's fiche). */
  prefill: z.array(PrefillSource).optional(),
})

export const VisitWindow = z.strictObject({ before: Duration.optional(), after: Duration.optional() })

export const Visit = z.strictObject({
  id: Id,
  label: z.string().min(1),
  fiche: Id,
  /** Offset from the schedule's anchor (treatment initiation). */
  offset: Duration,
  window: VisitWindow.optional(),
  ucd: z.string().optional(),
})

export const RepeatingVisit = z.strictObject({
  id: Id,
  label: z.string().min(1),
  fiche: Id,
  every: Duration,
  /** First occurrence, as an offset from the anchor. */
  from: Duration,
  /** Last possible occurrence; absent means until the stop fiche. */
  until: Duration.optional(),
  window: VisitWindow.optional(),
  ucd: z.string().optional(),
})

export const Schedule = z.strictObject({
  /** The date every offset counts from: an item of a fiche, usually the initiation date. */
  anchor: z.strictObject({ fiche: Id, item: Id }),
  visits: z.array(Visit).optional(),
  repeating: z.array(RepeatingVisit).optional(),
})

export const Ucd = z.strictObject({
  code: z.string().regex(/^(\d{7}|\d{13})$/, { message: 'code UCD attendu : 7 ou 13 chiffres' }),
  label: z.string().min(1),
  dosage: z.string().min(1),
})

export const Indication = z.strictObject({
  id: Id,
  label: z.string().min(1),
  /** C3.3: one access shared with the other indications, or a distinct access for this one. */
  access: z.enum(['shared', 'distinct']).optional(),
  accessDescription: z.string().optional(),
})

export const Decision = z.strictObject({
  authority: z.enum(['HAS', 'ANSM']),
  reference: z.string().min(1),
  date: IsoDate,
})

export const Metadata = z.strictObject({
  medicine: z.strictObject({ name: z.string().min(1), dci: z.string().min(1), form: z.string().optional() }),
  holder: z.string().min(1),
  operator: z.string().optional(),
  framework: Framework,
  putKind: PutKind,
  decisions: z.array(Decision),
  indications: z.array(Indication).min(1),
  ucds: z.array(Ucd).min(1),
  /** P3: periodicity of the synthesis reports the PUT sets. */
  reportPeriodicity: Duration.optional(),
  /** P4: treatment duration an AAC decision states, or a CPC's duration. */
  authorisationDuration: Duration.optional(),
})

export const Resource = z.strictObject({
  id: Id,
  title: z.string().min(1),
  kind: z.enum(['questionnaire', 'document', 'information-note']),
  /** Markdown. */
  content: z.string().min(1),
})

export const Documents = z.strictObject({
  userGuide: z.strictObject({ title: z.string().min(1), content: z.string().min(1) }).optional(),
  resources: z.array(Resource).optional(),
})

export const FORMAT_VERSION = 1

export const Template = z.strictObject({
  openput: z.literal(FORMAT_VERSION, { error: `version du format attendue : openput: ${FORMAT_VERSION}` }),
  programme: Slug,
  version: z.string({ error: 'numéro de version attendu entre guillemets (ex. "1.0")' }).min(1),
  effectiveDate: IsoDate,
  changeNotes: z.array(z.string()).optional(),
  metadata: Metadata,
  catalogue: z.array(CatalogueGroup),
  fiches: z.array(Fiche),
  schedule: Schedule.optional(),
  documents: Documents.optional(),
})

export type Template = z.infer<typeof Template>
export type Metadata = z.infer<typeof Metadata>
export type CatalogueGroup = z.infer<typeof CatalogueGroup>
export type Item = z.infer<typeof Item>
export type ColumnItem = z.infer<typeof ColumnItem>
export type ItemType = z.infer<typeof ItemType>
export type ChoiceOption = z.infer<typeof ChoiceOption>
export type Fiche = z.infer<typeof Fiche>
export type FicheKind = z.infer<typeof FicheKind>
export type Section = z.infer<typeof Section>
export type Element = z.infer<typeof Element>
export type ItemElement = z.infer<typeof ItemElement>
export type Schedule = z.infer<typeof Schedule>
export type Visit = z.infer<typeof Visit>
export type RepeatingVisit = z.infer<typeof RepeatingVisit>
export type HospitalRole = z.infer<typeof HospitalRole>
export type AccessLevel = z.infer<typeof AccessLevel>
export type Widget = z.infer<typeof Widget>
export type Ucd = z.infer<typeof Ucd>
export type PrefillSource = z.infer<typeof PrefillSource>
export type Indication = z.infer<typeof Indication>
