/**
 * The typed shape of every table, the one source of row types (`Selectable<>`, `Insertable<>`).
 * Must match migrations/; the schema tests compare the two through pg_catalog.
 */
import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely'

/** JSONB in and out: values are written as JSON text and read back parsed. */
type Json<T = unknown> = ColumnType<T, string, never>

export type OrganisationKind = 'lab' | 'cro'
export type ProgrammeStatus = 'active' | 'suspended' | 'closed'
/** Hospital roles (C5.2–C5.4) act for an establishment; lab roles act for the organisation running the tool. */
export type HospitalRole = 'prescriber' | 'pharmacist' | 'pnm'
export type LabRole = 'programme-manager' | 'data-manager' | 'monitor' | 'template-author' | 'reviewer'
export type MembershipRole = HospitalRole | LabRole
export type FicheStatus = 'draft' | 'submitted'
export type RevisionKind = 'draft' | 'submission'
export type RevisionSource = 'direct' | 'transcription' | 'migration'

export interface OrganisationsTable {
  id: Generated<string>
  name: string
  kind: OrganisationKind
  created_at: Generated<Date>
}

export interface ProgrammesTable {
  id: Generated<string>
  organisation_id: string
  slug: string
  name: string
  framework: string
  status: ProgrammeStatus
  created_at: Generated<Date>
}

export interface ProgrammeStatusHistoryTable {
  id: Generated<string>
  programme_id: string
  status: ProgrammeStatus
  framework: string
  changed_by: string | null
  note: string | null
  changed_at: Generated<Date>
}

export interface TemplateVersionsTable {
  id: Generated<string>
  programme_id: string
  version: string
  effective_date: string
  yaml_source: string
  /** The parsed template (zod output): schedule, metadata, catalogue. */
  model: Json
  template_hash: string
  published_by: string
  published_at: Generated<Date>
}

export interface TemplateFichesTable {
  id: Generated<string>
  template_version_id: string
  fiche_id: string
  kind: string
  title: string
  position: number
  /** The CompiledFiche, as the designer produced it. */
  definition: Json
  hash: string
  /** The item whose value dates a fiche of this kind (follow-up's templateFacts rule); null if none. */
  date_item: string | null
  /** The fiche's own access levels per hospital role (C5.5 overrides, `Fiche.access`); null if none. */
  access: ColumnType<Record<string, string> | null, string | null, never>
}

export interface EstablishmentsTable {
  id: Generated<string>
  finess: string
  name: string
  city: string
  created_at: Generated<Date>
}

export interface UsersTable {
  id: Generated<string>
  email: string
  display_name: string
  rpps: string | null
  /** The identity provider's `sub` (PSC: national RPPS/ADELI id); null until the lab provisions it. */
  oidc_subject: string | null
  created_at: Generated<Date>
}

export interface MembershipsTable {
  id: Generated<string>
  user_id: string
  establishment_id: string | null
  organisation_id: string | null
  role: MembershipRole
  created_at: Generated<Date>
}

export interface PatientsTable {
  id: Generated<string>
  establishment_id: string
  created_by: string
  created_at: Generated<Date>
}

export interface EnrolmentsTable {
  id: Generated<string>
  patient_id: string
  programme_id: string
  registration_number: string | null
  created_by: string
  created_at: Generated<Date>
  /** P4: last day of an AAC / CPC access (null: the framework sets no end); renewal moves it. */
  access_ends_on: ColumnType<string | null, string | null | undefined, string | null>
}

export interface FicheInstancesTable {
  id: Generated<string>
  enrolment_id: string
  template_version_id: string
  fiche_id: string
  kind: string
  planned_visit_id: string | null
  status: FicheStatus
  head_revision_id: string | null
  /** The head revision's missing-item count (C7.2); null exactly when there is no head. */
  head_missing_count: number | null
  /** The value of the head's date item when it is a calendar day (`YYYY-MM-DD`), else null. */
  head_date: string | null
  created_by: string
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface FicheRevisionsTable {
  id: Generated<string>
  fiche_instance_id: string
  seq: number
  base_revision_id: string | null
  kind: RevisionKind
  data: Json<Record<string, unknown>>
  author_id: string
  establishment_id: string
  source: RevisionSource
  /** Values of inactive conditional branches removed before storing: item id → removed value. */
  pruned: Json<Record<string, unknown>>
  warnings: Json<ValidationIssue[]>
  missing_count: number
  created_at: Generated<Date>
}

export interface ValidationIssue {
  path: string
  keyword: string
  message: string
}

export interface AuditEventsTable {
  id: Generated<string>
  actor_id: string | null
  action: string
  subject_type: string
  subject_id: string
  details: Json<Record<string, unknown>>
  created_at: Generated<Date>
}

export interface IdempotencyKeysTable {
  actor_id: string
  key: string
  operation: string
  request_hash: string
  result: ColumnType<unknown, string | null, string>
  created_at: Generated<Date>
}

export type SessionRevocation = 'sign-out' | 'revoked'

export interface SessionsTable {
  id: Generated<string>
  user_id: string
  /** SHA-256 of the cookie's token; the token itself is never stored. */
  token_hash: string
  created_at: Date
  last_seen_at: Date
  idle_expires_at: Date
  absolute_expires_at: Date
  /** Last authentication at the provider (refreshed by step-up). */
  auth_time: Date
  acr: string | null
  id_token: string | null
  revoked_at: Date | null
  revoked_reason: SessionRevocation | null
}

export interface LoginAttemptsTable {
  id: Generated<string>
  binding_hash: string
  state: string
  nonce: string
  code_verifier: string
  return_to: string
  step_up_session_id: string | null
  created_at: Date
  expires_at: Date
}

export interface AccessRequestsTable {
  id: Generated<string>
  establishment_id: string
  programme_id: string
  /** Set only when the indication has distinct access (C3.3); null is the programme's shared access. */
  indication_id: string | null
  enrolment_id: string | null
  requested_by: string
  created_at: Generated<Date>
}

export interface DesignationsTable {
  id: Generated<string>
  establishment_id: string
  programme_id: string
  indication_id: string | null
  designated_by: string
  designated_by_role: 'prescriber' | 'pharmacist'
  designee_id: string
  designee_role: 'prescriber' | 'pnm'
  created_at: Generated<Date>
  revoked_at: Date | null
  revoked_by: string | null
}

export interface DispensingGrantsTable {
  id: Generated<string>
  enrolment_id: string
  /** The dispensing centre (B), the pharmacist's establishment. */
  establishment_id: string
  pharmacist_id: string
  granted_by: string
  created_at: Generated<Date>
  revoked_at: Date | null
  revoked_by: string | null
}

export interface TransfersTable {
  id: Generated<string>
  enrolment_id: string
  from_establishment_id: string
  to_establishment_id: string
  effective_date: string
  transferred_by: string
  created_at: Generated<Date>
}

export type SignatureRole = 'prescriber' | 'pharmacist'
export type SignatureMethod = 'electronic' | 'paper'

/** C5.5: one signature of one revision; valid only while that revision is the fiche's head. */
export interface FicheSignaturesTable {
  id: Generated<string>
  fiche_instance_id: string
  revision_id: string
  /** sha256 of the canonical JSON of the signed revision's data. */
  revision_hash: string
  role: SignatureRole
  /** The signer (electronic), or the lab's data manager who recorded a paper signature (C2.2). */
  signed_by: string
  establishment_id: string
  signed_at: Date
  auth_time: Date
  method: SignatureMethod
  paper_reference: string | null
}

export type QueryStatus = 'open' | 'answered' | 'closed'
export type QueryMessageKind = 'raise' | 'answer' | 'close' | 'reopen'

/** A data-clarification question on one item of a fiche; its status moves with its messages. */
export interface QueriesTable {
  id: Generated<string>
  fiche_instance_id: string
  /** JSON pointer into the fiche data; its first segment is one of the fiche's items. */
  item_path: string
  revision_id: string
  status: QueryStatus
  raised_by: string
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface QueryMessagesTable {
  id: Generated<string>
  query_id: string
  author_id: string
  kind: QueryMessageKind
  text: string | null
  created_at: Generated<Date>
}

export type TemplateDraftState = 'draft' | 'in-review' | 'published'
export type TemplateReviewDecision = 'approved' | 'rejected'

export interface TemplateDraftsTable {
  id: Generated<string>
  organisation_id: string
  programme: string
  version: string | null
  state: TemplateDraftState
  revision: number
  yaml_source: string
  error_count: number
  warning_count: number
  authors: string[]
  created_by: string
  created_at: Generated<Date>
  updated_by: string
  updated_at: Generated<Date>
  published_version_id: string | null
}

export interface TemplateReviewsTable {
  id: Generated<string>
  draft_id: string
  draft_revision: number
  reviewer_id: string
  decision: TemplateReviewDecision
  comment: string
  breaking_count: number
  created_at: Generated<Date>
}

/** C12.1: a scheduled database freeze; the latest row of a programme is the one in force. */
export interface ProgrammeFreezesTable {
  id: Generated<string>
  programme_id: string
  freeze_on: string
  scheduled_by: string
  note: string | null
  announced_at: Generated<Date>
}

export type FreezeMailingKind = 'scheduled' | 'reminder-30' | 'reminder-7' | 'reminder-1'

/** One mailing of one freeze, inserted by whoever sends it (dedupe across instances). */
export interface FreezeMailingsTable {
  freeze_id: string
  kind: FreezeMailingKind
  recipients: number
  sent_at: Generated<Date>
}

/** C8.1: a value prefilled from another programme's fiche, awaiting (or holding) the user's confirmation. */
export interface FichePrefillsTable {
  id: Generated<string>
  fiche_instance_id: string
  item_id: string
  source_revision_id: string
  source_item_id: string
  value: Json
  created_by: string
  created_at: Generated<Date>
  confirmed_by: string | null
  confirmed_at: Date | null
}

export type OutboxMailStatus = 'pending' | 'sent' | 'failed'

/** One e-mail to one recipient, written in the transaction of the change it announces (domain/mail). */
export interface OutboxMailsTable {
  id: Generated<string>
  template: string
  recipient: string
  /** The template's data, checked against its schema when enqueued and again when rendered. */
  data: Json<Record<string, unknown>>
  dedupe_key: string | null
  status: Generated<OutboxMailStatus>
  attempts: Generated<number>
  next_attempt_at: Generated<Date>
  claim_token: string | null
  claimed_until: Date | null
  last_attempt_at: Date | null
  last_error: string | null
  sent_at: Date | null
  message_id: string | null
  created_at: Generated<Date>
}

export type ReminderCadence = 'daily' | 'weekly'

/** C7: a programme's overdue-visit reminder digest; `last_period` is the last period already enqueued. */
export interface ReminderSettingsTable {
  programme_id: string
  enabled: boolean
  cadence: ReminderCadence
  /** ISO day of the week (Monday = 1) of a weekly digest. */
  day_of_week: number
  last_period: string | null
  updated_by: string
  updated_at: Generated<Date>
}

/** P2: one explicit move of a programme's fiches (one establishment's, or all) to another template version. */
export interface TemplateMigrationsTable {
  id: Generated<string>
  programme_id: string
  from_version_id: string
  to_version_id: string
  establishment_id: string | null
  started_by: string
  started_at: Generated<Date>
}

/** P2: one fiche moved by a run; what no longer fitted stays in `from_revision_id` and is listed here. */
export interface TemplateMigrationFichesTable {
  migration_id: string
  fiche_instance_id: string
  to_version_id: string
  from_revision_id: string | null
  to_revision_id: string
  unfit: Json<unknown[]>
  re_enter: Json<unknown[]>
}

export interface Database {
  organisations: OrganisationsTable
  programmes: ProgrammesTable
  programme_status_history: ProgrammeStatusHistoryTable
  template_versions: TemplateVersionsTable
  template_fiches: TemplateFichesTable
  establishments: EstablishmentsTable
  users: UsersTable
  memberships: MembershipsTable
  patients: PatientsTable
  enrolments: EnrolmentsTable
  fiche_instances: FicheInstancesTable
  fiche_revisions: FicheRevisionsTable
  audit_events: AuditEventsTable
  idempotency_keys: IdempotencyKeysTable
  sessions: SessionsTable
  login_attempts: LoginAttemptsTable
  access_requests: AccessRequestsTable
  designations: DesignationsTable
  dispensing_grants: DispensingGrantsTable
  transfers: TransfersTable
  fiche_signatures: FicheSignaturesTable
  queries: QueriesTable
  query_messages: QueryMessagesTable
  outbox_mails: OutboxMailsTable
  programme_freezes: ProgrammeFreezesTable
  freeze_mailings: FreezeMailingsTable
  fiche_prefills: FichePrefillsTable
  template_drafts: TemplateDraftsTable
  template_migrations: TemplateMigrationsTable
  template_migration_fiches: TemplateMigrationFichesTable
  template_reviews: TemplateReviewsTable
  reminder_settings: ReminderSettingsTable
}

export type Db = Kysely<Database>
/** What query functions take first: the database or a transaction inside a domain command. */
export type Executor = Kysely<Database> | Transaction<Database>

export type Organisation = Selectable<OrganisationsTable>
export type Programme = Selectable<ProgrammesTable>
export type TemplateVersion = Selectable<TemplateVersionsTable>
export type TemplateFiche = Selectable<TemplateFichesTable>
export type Establishment = Selectable<EstablishmentsTable>
export type User = Selectable<UsersTable>
export type Membership = Selectable<MembershipsTable>
export type Patient = Selectable<PatientsTable>
export type Enrolment = Selectable<EnrolmentsTable>
export type FicheInstance = Selectable<FicheInstancesTable>
export type FicheRevision = Selectable<FicheRevisionsTable>
export type NewFicheRevision = Insertable<FicheRevisionsTable>
export type AuditEvent = Selectable<AuditEventsTable>
export type Session = Selectable<SessionsTable>
export type LoginAttempt = Selectable<LoginAttemptsTable>
export type AccessRequest = Selectable<AccessRequestsTable>
export type Designation = Selectable<DesignationsTable>
export type DispensingGrant = Selectable<DispensingGrantsTable>
export type Transfer = Selectable<TransfersTable>
export type FicheSignature = Selectable<FicheSignaturesTable>
export type DataQuery = Selectable<QueriesTable>
export type QueryMessage = Selectable<QueryMessagesTable>
export type OutboxMail = Selectable<OutboxMailsTable>
