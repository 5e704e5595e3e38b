/**
 * The one call a command makes before acting: load the facts the rules need, ask can(), and turn a refusal
 * into a 403 problem whose French detail says why (the reason code travels in params).
 */
import type { Executor } from '../../db/database.ts'
import { findHeldAccess, findRecordFacts, type RecordFactsRow } from '../../db/queries/access.ts'
import { problem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import {
  type Action,
  type Context,
  can,
  type Decision,
  type FicheFacts,
  freezeOf as frozenOn,
  NO_HELD_ACCESS,
  type RecordFacts,
  type Resource,
} from './can.ts'
import { DENIAL_MESSAGES_FR } from './reasons.ts'

export type Allowed = Extract<Decision, { allowed: true }>

/** Throws `forbidden` with the reason when refused; returns the decision (its entry source) when allowed. */
export function enforce(actor: Actor, action: Action, resource: Resource, ctx: Context): Allowed {
  const decision = can(actor, action, resource, ctx)
  // C12: a frozen programme has its own problem, so that clients can tell "not yours" from "closed".
  if (!decision.allowed && decision.reason === 'programme-frozen') {
    throw problem('programme-frozen', {
      freezesOn: frozenOn(resource) ?? null,
      reasonCode: decision.reason,
      reason: DENIAL_MESSAGES_FR[decision.reason],
    })
  }
  if (!decision.allowed) {
    throw problem('forbidden', { reasonCode: decision.reason, reason: DENIAL_MESSAGES_FR[decision.reason] })
  }
  return decision
}

export const toRecordFacts = (row: RecordFactsRow): RecordFacts => ({
  organisationId: row.organisation_id,
  originEstablishmentId: row.origin_establishment_id,
  transfers: row.transfers,
  accessKey: row.access_key ?? null,
  hasFat: Boolean(row.has_fat),
  dispensingGrant: Boolean(row.dispensing_grant),
  freezesOn: row.freezes_on ?? null,
})

export const toHeldAccess = (row: Pick<RecordFactsRow, 'requests' | 'designations'>) => ({
  requests: row.requests,
  designations: row.designations,
})

/** What an action on a record is on: the fiche (its kind and its template overrides of C5.5), the base. */
export interface RecordTarget {
  enrolmentId: string
  fiche?:
    | {
        kind: string
        ficheInstanceId?: string | undefined
        access?: FicheFacts['access']
        signers?: FicheFacts['signers']
      }
    | undefined
  baseRevisionId?: string | undefined
  /** A record's first FAT: the access key its request will carry (C3.3). */
  accessKey?: string | null | undefined
}

/**
 * Loads one record's facts (one query) and enforces `action` on it; not-found when the enrolment does not
 * exist.
 */
export async function authorizeOnRecord(
  db: Executor,
  actor: Actor,
  action: Action,
  target: RecordTarget,
  now = new Date(),
) {
  const row = await findRecordFacts(db, {
    actorId: actor.id,
    enrolmentId: target.enrolmentId,
    ficheInstanceId: target.fiche?.ficheInstanceId,
    baseRevisionId: target.baseRevisionId,
  })
  if (!row) throw problem('not-found', { resource: 'enrolment', id: target.enrolmentId })
  return decideOnRecord(actor, action, row, target, now)
}

/**
 * authorizeOnRecord on facts already read: `row` holds what findRecordFacts reads for this actor, target
 * fiche and base revision (the fiche write context reads it in the same round trip as the fiche).
 */
export function decideOnRecord(
  actor: Actor,
  action: Action,
  row: RecordFactsRow,
  target: Omit<RecordTarget, 'enrolmentId'>,
  now = new Date(),
) {
  const stored = toRecordFacts(row)
  const record =
    row.access_key == null && target.accessKey ? { ...stored, accessKey: target.accessKey } : stored
  const fiche = target.fiche
    ? {
        kind: target.fiche.kind as FicheFacts['kind'],
        access: target.fiche.access ?? ((row.fiche_access ?? null) as FicheFacts['access']),
        signers: target.fiche.signers,
      }
    : undefined
  const decision = enforce(
    actor,
    action,
    { type: 'record', record, fiche, baseEstablishmentId: row.base_establishment_id ?? null },
    { now, held: toHeldAccess(row) },
  )
  return { decision, row, record }
}

/** Enforces an action on an access scope (designations, access requests) of a programme in an establishment. */
export async function authorizeOnScope(
  db: Executor,
  actor: Actor,
  action: Action,
  scope: Extract<Resource, { type: 'access-scope' }> & { programmeId: string },
  now = new Date(),
) {
  const held = await findHeldAccess(db, actor.id, scope.programmeId)
  return enforce(
    actor,
    action,
    { ...scope, freezesOn: held.freezes_on ?? null },
    { now, held: toHeldAccess(held) },
  )
}

/** Enforces an action that needs no stored facts (registering a patient, publishing). */
export const authorizeOn = (actor: Actor, action: Action, resource: Resource, now = new Date()) =>
  enforce(actor, action, resource, { now, held: NO_HELD_ACCESS })
