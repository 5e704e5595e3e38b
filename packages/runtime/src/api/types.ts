/**
 * The API's shapes the runtime reads, as declared by the server's OpenAPI routes (GET /api/openapi.json).
 * Runtime never imports the server's code; keep these in step with packages/server/src/http/.
 */

export interface Membership {
  role: string
  establishmentId: string | null
  organisationId: string | null
}

export interface SessionInfo {
  user: { id: string; displayName: string }
  memberships: Membership[]
  authTime: string
  acr: string | null
  idleExpiresAt: string
  absoluteExpiresAt: string
}

export interface TemplateVersionSummary {
  id: string
  programmeId: string
  programme: string
  version: string
  effectiveDate: string
  templateHash: string
  publishedAt: string
}

export interface TemplateFicheHeader {
  ficheId: string
  kind: string
  title: string
  hash: string
}

export interface TemplateVersion extends TemplateVersionSummary {
  publishedBy: string
  yaml: string
  fiches: TemplateFicheHeader[]
}

export type JsonSchema = { [key: string]: unknown }
export type UiSchemaJson = { type: string; [key: string]: unknown }

/** A compiled fiche (designer `CompiledFiche`): what the runtime renders. */
export interface FicheDefinition {
  ficheId: string
  kind: string
  title: string
  repeatable: boolean
  schema: JsonSchema
  uischema: UiSchemaJson
  i18n: Record<string, string>
  itemIds: string[]
  relevance: Record<string, JsonSchema>
  hash: string
}

export type FicheData = Record<string, unknown>

export interface ValidationIssue {
  path: string
  keyword: string
  message: string
}

export interface FicheRevision {
  id: string
  seq: number
  baseRevisionId: string | null
  kind: 'draft' | 'submission'
  data: FicheData
  authorId: string
  establishmentId: string
  source: 'direct' | 'transcription' | 'migration'
  pruned: Record<string, unknown>
  warnings: ValidationIssue[]
  missingCount: number
  createdAt: string
}

export interface Fiche {
  id: string
  enrolmentId: string
  templateVersionId: string
  ficheId: string
  kind: string
  plannedVisitId: string | null
  status: 'draft' | 'submitted'
  head: FicheRevision
}

export interface Signature {
  id: string
  revisionId: string
  revisionSeq: number
  revisionHash: string
  role: 'prescriber' | 'pharmacist'
  signedBy: string
  establishmentId: string
  signedAt: string
  authTime: string
  method: 'electronic' | 'paper'
  paperReference: string | null
  status: 'valid' | 'voided'
  voidedByRevisionId: string | null
  voidedByRevisionSeq: number | null
}

export interface FicheRead extends Fiche {
  signatureState: 'not-required' | 'unsigned' | 'partially-signed' | 'signed' | 'voided'
  requiredSigners: string[]
  optionalSigners: string[]
  signatures: Signature[]
  /** The reader may enter data (the access rules); otherwise the editor is read-only, with the reason. */
  editable: boolean
  readOnlyReason: string | null
}

export interface FieldChange {
  path: string
  before: unknown
  after: unknown
}

export interface RevisionDiff {
  from: { id: string; seq: number }
  to: { id: string; seq: number }
  changes: FieldChange[]
}

/** GET /api/programmes: a programme at its latest version, with how access works per indication (C3.3). */
export interface ProgrammeInfo {
  id: string
  programme: string
  latestVersionId: string
  version: string
  medicine: string | null
  putKind: string | null
  framework: string | null
  indications: {
    id: string
    label: string
    access: 'shared' | 'distinct'
    accessDescription: string | null
  }[]
}
