/**
 * can(actor, action, resource, context): the charter's access rules (C3.3, C4, C5, C9, C10) as one decision,
 * built from the tables in roles.ts, the C5.5 matrix of the designer and the small predicates below.
 */
import { type AccessLevel, accessOf, type FicheKind } from '@openput/designer'
import type { HospitalRole, LabRole, RevisionSource } from '../../db/database.ts'
import type { Actor } from '../actor.ts'
import { type Custody, calendarDay, custodyRelation, holderOn } from './custody.ts'
import type { DenialReason } from './reasons.ts'
import { isHospitalRole, LAB_PERMISSIONS } from './roles.ts'

/** What the acting user holds for one programme (their requests and active designations). */
export interface HeldAccess {
  requests: readonly { establishmentId: string; indicationId: string | null }[]
  designations: readonly {
    establishmentId: string
    indicationId: string | null
    designeeRole: 'prescriber' | 'pnm'
  }[]
}

/** One patient's record in one programme (an enrolment), as the rules see it. */
export interface RecordFacts extends Custody {
  organisationId: string
  /** C3.3: the indication of the record's access request when it has distinct access; null when shared. */
  accessKey: string | null
  hasFat: boolean
  /** C9.2: an active dispensing grant to the acting user on this record. */
  dispensingGrant: boolean
  /** C12: the day the programme's database freezes (null: no freeze scheduled); from then on, read-only. */
  freezesOn?: string | null | undefined
}

export interface FicheFacts {
  kind: FicheKind
  /** The template's per-fiche overrides of the C5.5 matrix. */
  access?: Partial<Record<HospitalRole, AccessLevel>> | null | undefined
  /** C5.6: the roles the template asks or offers to sign this fiche (absent: not restricted further). */
  signers?: readonly HospitalRole[] | undefined
}

export type Resource =
  | {
      type: 'record'
      record: RecordFacts
      fiche?: FicheFacts | undefined
      /** For a write on top of an existing revision: the establishment that entered it (C10.4). */
      baseEstablishmentId?: string | null | undefined
    }
  /** An establishment's patient register (creating a patient, enrolling one in a programme). */
  | { type: 'establishment'; establishmentId: string; freezesOn?: string | null | undefined }
  /** Who may access a programme in an establishment (designations, access requests). */
  | {
      type: 'access-scope'
      establishmentId: string
      organisationId: string
      indicationId: string | null
      designeeRole?: 'prescriber' | 'pnm'
      freezesOn?: string | null | undefined
    }
  /** A lab's programmes (publishing a template, writing and reading drafts in the designer). */
  | {
      type: 'organisation'
      organisationId: string
      /** C12: publishing a version of a programme whose database is frozen. */
      freezesOn?: string | null | undefined
    }
  /** A template draft, for its review: nobody approves a draft they wrote (P2). */
  | { type: 'template-draft'; organisationId: string; authorIds: readonly string[] }
  /**
   * A programme's records as a whole (patient lists, dashboards, reminders: C7), optionally in one
   * establishment; which records exactly is read-scope.ts's job, derived from the rules on one record.
   */
  | {
      type: 'programme'
      organisationId: string
      establishmentId?: string | undefined
      /** C12: the day the programme's database freezes, when one is scheduled. */
      freezesOn?: string | null | undefined
    }

export type Action =
  | 'read'
  | 'enter'
  | 'sign'
  /** C5.2–C5.4: answering a data-clarification query is a write on the record. */
  | 'answer-query'
  /** Raising, closing and reopening queries: the lab's data management. */
  | 'manage-queries'
  | 'grant-dispensing'
  | 'transfer'
  | 'register-patient'
  | 'designate'
  | 'view-access'
  | 'publish-template'
  /** The designer (P2): read drafts and reviews, write drafts, approve or reject them. */
  | 'view-template-drafts'
  | 'author-template'
  | 'review-template'
  /** C7: turn the overdue-visit reminders of a programme on or off, and set their cadence. */
  | 'configure-reminders'
  /** C8.2, C8.3, C12.1: the tool manager changes the programme's status, schedules its freeze. */
  | 'manage-lifecycle'
  /** C12.2: the report of missing data and fiches, per patient and establishment. */
  | 'read-closure-report'
  /** C11: whether an order may be honoured (the FAT complete and signed), nothing else. */
  | 'check-order'
  /** P2: move a programme's fiches to a newly published template version (dry run, then for real). */
  | 'migrate-fiches'
  /** P3: export the collected data (CSV, CDISC ODM) for the periodic reports. */
  | 'export-data'

export interface Context {
  now: Date
  /** Empty when the resource is an establishment or an organisation. */
  held: HeldAccess
}

export type Decision =
  | {
      allowed: true
      source: RevisionSource
      role: HospitalRole | LabRole
      /** On a record: the establishment the entry is made for (the actor's, or the holder's for the lab). */
      establishmentId?: string
    }
  | { allowed: false; reason: DenialReason }

type Membership = Actor['memberships'][number]
type Outcome = Decision

const allow = (
  role: HospitalRole | LabRole,
  source: RevisionSource = 'direct',
  establishmentId?: string,
): Outcome => ({ allowed: true, source, role, ...(establishmentId ? { establishmentId } : {}) })
const deny = (reason: DenialReason): Outcome => ({ allowed: false, reason })

const LEVEL_RANK: Record<AccessLevel, number> = { none: 0, read: 1, entry: 2, 'entry-sign': 3 }

/** C5.2–C5.4: whether a hospital role at an establishment covers a programme's access key. */
export function coveredBy(
  role: HospitalRole,
  establishmentId: string,
  accessKey: string | null,
  held: HeldAccess,
): boolean {
  const inScope = (x: { establishmentId: string; indicationId: string | null }) =>
    x.establishmentId === establishmentId && x.indicationId === accessKey
  switch (role) {
    // C5.3: "l'accès aux données de tous les patients de l'établissement"
    case 'pharmacist':
      return true
    // C5.2: their own treatment-access request, or designation by a prescriber who made one
    case 'prescriber':
      return (
        held.requests.some(inScope) ||
        held.designations.some((d) => d.designeeRole === 'prescriber' && inScope(d))
      )
    // C5.4: express designation by a prescriber or a pharmacist
    case 'pnm':
      return held.designations.some((d) => d.designeeRole === 'pnm' && inScope(d))
  }
}

const notCovered = (role: HospitalRole): DenialReason =>
  role === 'pnm' ? 'not-designated' : 'no-access-request'

/** C5.5, read from the designer: the fiche's own access, else the matrix default for its kind. */
const ficheLevel = (fiche: FicheFacts | undefined, role: HospitalRole): AccessLevel =>
  fiche ? accessOf({ kind: fiche.kind, access: fiche.access ?? undefined }, role) : 'entry'

function hospitalOnRecord(
  m: Membership & { role: HospitalRole; establishment_id: string },
  action: Action,
  resource: Extract<Resource, { type: 'record' }>,
  ctx: Context,
): Outcome {
  const { record, fiche } = resource
  const relation = custodyRelation(record, m.establishment_id, calendarDay(ctx.now))
  if (relation === 'none') {
    // C9.2: the dispensing centre's pharmacist reads one record, and never writes (C9.1).
    if (record.dispensingGrant && action === 'read') return allow(m.role, 'direct', m.establishment_id)
    return deny(record.dispensingGrant ? 'dispensing-read-only' : 'other-establishment')
  }
  const covered = coveredBy(m.role, m.establishment_id, record.accessKey, ctx.held)
  // Opening a patient's first FAT is the prescriber's treatment-access request (C5.2).
  const requestsAccess =
    m.role === 'prescriber' && action === 'enter' && fiche?.kind === 'fat' && !record.hasFat
  if (!covered && !(requestsAccess && relation === 'holder')) return deny(notCovered(m.role))
  if (action === 'read') return allow(m.role, 'direct', m.establishment_id)
  if (action === 'grant-dispensing') {
    return m.role === 'prescriber' && relation === 'holder'
      ? allow(m.role, 'direct', m.establishment_id)
      : deny('medical-team-only')
  }
  if (action !== 'enter' && action !== 'sign' && action !== 'answer-query') return deny('role-not-allowed')
  // C10.2: the receiving centre enters from the transfer date on; the former centre no longer enters.
  if (relation === 'former') return deny('transferred-away')
  if (relation === 'incoming') return deny('before-transfer-date')
  const level = LEVEL_RANK[ficheLevel(fiche, m.role)]
  if (level < LEVEL_RANK.entry) return deny('fiche-read-only')
  if (action === 'sign' && level < LEVEL_RANK['entry-sign']) return deny('cannot-sign')
  // C5.6: outside the FAT a signature is only ever offered by the template, never assumed.
  if (action === 'sign' && fiche?.signers && !fiche.signers.includes(m.role)) {
    return deny('signature-not-offered')
  }
  // C10.4: health professionals never modify what another establishment entered.
  if (resource.baseEstablishmentId && resource.baseEstablishmentId !== m.establishment_id) {
    return deny('other-establishment-data')
  }
  return allow(m.role, 'direct', m.establishment_id)
}

function labOnRecord(
  m: Membership & { role: LabRole; organisation_id: string },
  action: Action,
  record: RecordFacts,
  now: Date,
): Outcome {
  if (m.organisation_id !== record.organisationId) return deny('other-organisation')
  const p = LAB_PERMISSIONS[m.role]
  if (!p.read) return deny('no-patient-data')
  switch (action) {
    case 'read':
      return allow(m.role)
    // C2.1, C2.2: the lab enters only as a transcription of the establishment's forms, and never signs.
    case 'enter':
      return p.transcribe
        ? allow(m.role, 'transcription', holderOn(record, calendarDay(now)))
        : deny('read-only-role')
    case 'sign':
      return deny('cannot-sign')
    // Queries ask the establishment to clarify its data: the lab raises them, the establishment answers.
    case 'manage-queries':
      return p.transcribe ? allow(m.role) : deny('read-only-role')
    case 'answer-query':
      return deny('role-not-allowed')
    // C10.1: "le gestionnaire de l'outil"
    case 'transfer':
      return p.transfer ? allow(m.role) : deny('programme-manager-only')
    default:
      return deny('role-not-allowed')
  }
}

/** P2, the designer: who reads, writes and reviews a lab's template drafts (LAB_PERMISSIONS). */
function onTemplates(m: Membership, action: Action, organisationId: string): Outcome {
  const lacking: DenialReason =
    action === 'author-template'
      ? 'template-authors-only'
      : action === 'review-template'
        ? 'reviewers-only'
        : 'template-team-only'
  if (isHospitalRole(m.role)) return deny(lacking)
  if (m.organisation_id !== organisationId) return deny('other-organisation')
  const p = LAB_PERMISSIONS[m.role]
  switch (action) {
    case 'view-template-drafts':
      return p.author || p.review || p.publish ? allow(m.role) : deny(lacking)
    case 'author-template':
      return p.author ? allow(m.role) : deny(lacking)
    case 'review-template':
      return p.review ? allow(m.role) : deny(lacking)
    default:
      return deny('role-not-allowed')
  }
}

/** C7: a programme's records as a whole; each record still goes through the rules (read-scope.ts). */
function onProgramme(m: Membership, action: Action, resource: Extract<Resource, { type: 'programme' }>) {
  if (DATA_MANAGEMENT_ACTIONS.has(action)) return onCollectedData(m, action, resource.organisationId)
  if (isHospitalRole(m.role)) {
    if (action !== 'read') return deny('programme-manager-only')
    return !resource.establishmentId || m.establishment_id === resource.establishmentId
      ? allow(m.role, 'direct', m.establishment_id ?? undefined)
      : deny('other-establishment')
  }
  if (m.organisation_id !== resource.organisationId) return deny('other-organisation')
  const p = LAB_PERMISSIONS[m.role]
  if (action === 'configure-reminders') return p.publish ? allow(m.role) : deny('programme-manager-only')
  if (action !== 'read') return deny('role-not-allowed')
  return p.read ? allow(m.role) : deny('no-patient-data')
}

function decideFor(
  m: Membership,
  action: Action,
  resource: Resource,
  ctx: Context,
  actorId: string,
): Outcome {
  const role = m.role
  switch (resource.type) {
    case 'record':
      if (action === 'check-order') return orderCheck(m, resource.record, ctx.now)
      if (isHospitalRole(role) && m.establishment_id) {
        if (action === 'transfer') return deny('programme-manager-only')
        return hospitalOnRecord({ ...m, role, establishment_id: m.establishment_id }, action, resource, ctx)
      }
      if (!isHospitalRole(role) && m.organisation_id) {
        return labOnRecord(
          { ...m, role, organisation_id: m.organisation_id },
          action,
          resource.record,
          ctx.now,
        )
      }
      return deny('no-role')
    case 'establishment':
      if (action !== 'register-patient') return deny('role-not-allowed')
      if (isHospitalRole(role)) {
        return m.establishment_id === resource.establishmentId ? allow(role) : deny('other-establishment')
      }
      // C2.1: the lab registers patients whose paper forms it transcribes.
      return LAB_PERMISSIONS[role].registerPatient ? allow(role, 'transcription') : deny('role-not-allowed')
    case 'access-scope': {
      if (!isHospitalRole(role)) {
        const sameLab = m.organisation_id === resource.organisationId
        return action === 'view-access' && sameLab && LAB_PERMISSIONS[role].read
          ? allow(role)
          : deny(sameLab ? 'role-not-allowed' : 'other-organisation')
      }
      if (m.establishment_id !== resource.establishmentId) return deny('other-establishment')
      if (action === 'view-access') return allow(role)
      if (action !== 'designate') return deny('role-not-allowed')
      // C5.4: pharmacists designate PNM; C5.2: prescribers designate prescribers and PNM; PNM nobody.
      if (role === 'pnm') return deny('pnm-cannot-designate')
      if (role === 'pharmacist' && resource.designeeRole !== 'pnm') return deny('pharmacist-designates-pnm')
      if (!coveredBy(role, resource.establishmentId, resource.indicationId, ctx.held)) {
        return deny('no-access-request')
      }
      return allow(role)
    }
    case 'organisation':
      if (action !== 'publish-template') return onTemplates(m, action, resource.organisationId)
      if (isHospitalRole(role) || m.organisation_id !== resource.organisationId) {
        return deny('programme-manager-only')
      }
      return LAB_PERMISSIONS[role].publish ? allow(role) : deny('programme-manager-only')
    case 'programme':
      if (LIFECYCLE_ACTIONS.has(action)) return onLifecycle(m, action, resource)
      return onProgramme(m, action, resource)
    case 'template-draft': {
      const decision = onTemplates(m, action, resource.organisationId)
      // P2: the four-eyes rule of a review, whatever else the reviewer may do.
      if (decision.allowed && action === 'review-template' && resource.authorIds.includes(actorId)) {
        return deny('own-draft')
      }
      return decision
    }
  }
}

const DATA_MANAGEMENT_ACTIONS: ReadonlySet<Action> = new Set(['migrate-fiches', 'export-data'])

/** P2, P3: the lab's data management moves fiches between template versions and exports the data. */
function onCollectedData(m: Membership, action: Action, organisationId: string): Outcome {
  if (isHospitalRole(m.role)) return deny('data-management-only')
  if (m.organisation_id !== organisationId) return deny('other-organisation')
  const p = LAB_PERMISSIONS[m.role]
  const allowed = action === 'migrate-fiches' ? p.migrate : p.export
  return allowed ? allow(m.role) : deny('data-management-only')
}

const LIFECYCLE_ACTIONS: ReadonlySet<Action> = new Set(['manage-lifecycle', 'read-closure-report'])

/**
 * C8.2, C8.3, C12: the tool manager (the lab role that publishes) changes the programme's status and
 * schedules its freeze; the closure report is read by the lab's roles that read records and, for one
 * establishment, by its pharmacists (C12.2: "à la demande de l'établissement").
 */
function onLifecycle(m: Membership, action: Action, resource: Extract<Resource, { type: 'programme' }>) {
  if (isHospitalRole(m.role)) {
    if (action !== 'read-closure-report') return deny('programme-manager-only')
    if (!resource.establishmentId || m.establishment_id !== resource.establishmentId) {
      return deny('other-establishment')
    }
    return m.role === 'pharmacist' ? allow(m.role, 'direct', m.establishment_id) : deny('pharmacist-only')
  }
  if (m.organisation_id !== resource.organisationId) return deny('other-organisation')
  const p = LAB_PERMISSIONS[m.role]
  if (action === 'read-closure-report') return p.read ? allow(m.role) : deny('no-patient-data')
  return p.publish ? allow(m.role) : deny('programme-manager-only')
}

/**
 * C11: an order is checked by a pharmacist of the establishment holding the record or dispensing for it
 * (C9.2), or by the lab that honours orders; the answer says only whether the FAT is complete and signed.
 */
function orderCheck(m: Membership, record: RecordFacts, now: Date): Outcome {
  if (isHospitalRole(m.role) && m.establishment_id) {
    if (m.role !== 'pharmacist') return deny('pharmacist-only')
    const holds = custodyRelation(record, m.establishment_id, calendarDay(now)) === 'holder'
    return holds || record.dispensingGrant
      ? allow(m.role, 'direct', m.establishment_id)
      : deny('other-establishment')
  }
  if (isHospitalRole(m.role) || m.organisation_id !== record.organisationId) return deny('other-organisation')
  return LAB_PERMISSIONS[m.role].read ? allow(m.role) : deny('no-patient-data')
}

/** C12: what a frozen programme still allows: reading, checking an order, its closure report. */
const READS: ReadonlySet<Action> = new Set([
  'read',
  'view-access',
  'view-template-drafts',
  'read-closure-report',
  'check-order',
  // P3: the exports read; the final analysis comes after the freeze
  'export-data',
])

/** The freeze day a resource carries, when it belongs to a programme with a scheduled freeze. */
export function freezeOf(resource: Resource): string | null | undefined {
  switch (resource.type) {
    case 'record':
      return resource.record.freezesOn
    case 'programme':
    case 'establishment':
    case 'access-scope':
    case 'organisation':
      return resource.freezesOn
    default:
      return undefined
  }
}

/** Reasons that only say "not yours": a more specific refusal from another membership is more useful. */
const VAGUE: readonly DenialReason[] = ['no-role', 'other-establishment', 'other-organisation']

/**
 * The decision over all of the actor's memberships: allowed if any allows (a direct entry before a
 * transcription), else the most specific refusal.
 */
export function can(actor: Actor, action: Action, resource: Resource, ctx: Context): Decision {
  // C12: from its freeze day on, a programme is read-only for everyone, whatever their role.
  const freezesOn = freezeOf(resource)
  if (freezesOn && calendarDay(ctx.now) >= freezesOn && !READS.has(action)) return deny('programme-frozen')
  const outcomes = actor.memberships.map((m) => decideFor(m, action, resource, ctx, actor.id))
  const allowed = outcomes.filter((o) => o.allowed)
  const direct = allowed.find((o) => o.source === 'direct')
  if (direct ?? allowed[0]) return (direct ?? allowed[0])!
  const denials = outcomes.map((o) => (o as { reason: DenialReason }).reason)
  return deny(denials.find((r) => !VAGUE.includes(r)) ?? denials[0] ?? 'no-role')
}

export const NO_HELD_ACCESS: HeldAccess = { requests: [], designations: [] }
