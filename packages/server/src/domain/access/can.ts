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
  /** An establishment's patient register (creating a patient, enrolling one). */
  | { type: 'establishment'; establishmentId: string }
  /** Who may access a programme in an establishment (designations, access requests). */
  | {
      type: 'access-scope'
      establishmentId: string
      organisationId: string
      indicationId: string | null
      designeeRole?: 'prescriber' | 'pnm'
    }
  /** A lab's programmes (publishing a template). */
  | { type: 'organisation'; organisationId: string }

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

function decideFor(m: Membership, action: Action, resource: Resource, ctx: Context): Outcome {
  const role = m.role
  switch (resource.type) {
    case 'record':
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
      if (isHospitalRole(role) || m.organisation_id !== resource.organisationId) {
        return deny('programme-manager-only')
      }
      return action === 'publish-template' && LAB_PERMISSIONS[role].publish
        ? allow(role)
        : deny('programme-manager-only')
  }
}

/** Reasons that only say "not yours": a more specific refusal from another membership is more useful. */
const VAGUE: readonly DenialReason[] = ['no-role', 'other-establishment', 'other-organisation']

/**
 * The decision over all of the actor's memberships: allowed if any allows (a direct entry before a
 * transcription), else the most specific refusal.
 */
export function can(actor: Actor, action: Action, resource: Resource, ctx: Context): Decision {
  const outcomes = actor.memberships.map((m) => decideFor(m, action, resource, ctx))
  const allowed = outcomes.filter((o) => o.allowed)
  const direct = allowed.find((o) => o.source === 'direct')
  if (direct ?? allowed[0]) return (direct ?? allowed[0])!
  const denials = outcomes.map((o) => (o as { reason: DenialReason }).reason)
  return deny(denials.find((r) => !VAGUE.includes(r)) ?? denials[0] ?? 'no-role')
}

export const NO_HELD_ACCESS: HeldAccess = { requests: [], designations: [] }
