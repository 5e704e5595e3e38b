/**
 * P4: an AAC decision states a treatment duration of one day to one year; a CPC lasts three years,
 * renewable. The template states that duration (checked by `authorisation-duration`); each enrolment in
 * an AAC or CPC programme carries the day its access expires, and a renewal decision moves it. What the
 * platform enforces is the record of the term; it blocks no data entry and no order (C11.3).
 */
import { durationParts, type Template } from '@openput/designer'
import type { Executor } from '../../db/database.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { findEnrolmentWithProgramme, setAccessEnd } from '../../db/queries/lifecycle.ts'
import { findLatestTemplateVersion } from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import { authorizeOnRecord } from '../access/authorize.ts'
import { calendarDay } from '../access/custody.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { runCommand } from '../idempotency.ts'
import { addMonths } from './freeze.ts'

/** The frameworks whose authorisation has a term. */
export const TERMED_FRAMEWORKS: readonly string[] = ['aac', 'cpc']

/** The day an access granted on `startDay` for `duration` (ISO 8601) expires. */
export function accessEnd(startDay: string, duration: string): string | undefined {
  const parts = durationParts(duration)
  if (!parts) return undefined
  const monthsLater = addMonths(startDay, parts.months)
  return calendarDay(new Date(Date.parse(`${monthsLater}T00:00:00Z`) + parts.days * 86_400_000))
}

/** The term an enrolment starting on `startDay` gets: undefined outside AAC / CPC or without a duration. */
export function accessEndFor(framework: string, template: Template | undefined, startDay: string) {
  const duration = template?.metadata.authorisationDuration
  if (!TERMED_FRAMEWORKS.includes(framework) || !duration) return undefined
  return accessEnd(startDay, duration)
}

/** The access end of a new enrolment in `programme`, from its latest template version. */
export async function accessEndOnEnrolment(
  db: Executor,
  programme: { id: string; framework: string },
  startDay: string,
): Promise<string | null> {
  if (!TERMED_FRAMEWORKS.includes(programme.framework)) return null
  const version = await findLatestTemplateVersion(db, programme.id)
  return accessEndFor(programme.framework, version?.model as Template | undefined, startDay) ?? null
}

export interface AccessTerm {
  enrolmentId: string
  framework: string
  authorisationDuration: string | null
  accessEndsOn: string | null
  /** The term has passed: a renewal decision is needed to go on (P4). */
  renewalNeeded: boolean
}

async function termOf(db: Executor, enrolmentId: string, now: Date): Promise<AccessTerm> {
  const enrolment = await findEnrolmentWithProgramme(db, enrolmentId)
  if (!enrolment) throw problem('not-found', { resource: 'enrolment', id: enrolmentId })
  const version = await findLatestTemplateVersion(db, enrolment.programme_id)
  const template = version?.model as Template | undefined
  return {
    enrolmentId: enrolment.id,
    framework: enrolment.framework,
    authorisationDuration: template?.metadata.authorisationDuration ?? null,
    accessEndsOn: enrolment.access_ends_on,
    renewalNeeded: enrolment.access_ends_on !== null && calendarDay(now) >= enrolment.access_ends_on,
  }
}

export async function readAccessTerm(db: Executor, actor: Actor, enrolmentId: string, now = new Date()) {
  await authorizeOnRecord(db, actor, 'read', { enrolmentId }, now)
  return termOf(db, enrolmentId, now)
}

/** A renewal decision (ANSM) dated `decisionDate` grants the template's duration again from that day. */
export async function renewAccess(
  deps: Deps,
  input: { actor: Actor; enrolmentId: string; decisionDate: string; now?: Date },
): Promise<AccessTerm> {
  const { actor, now = new Date() } = input
  return runCommand(
    deps,
    { actorId: actor.id, operation: 'enrolment.renew-access', request: input },
    async (trx) => {
      await authorizeOnRecord(trx, actor, 'enter', { enrolmentId: input.enrolmentId }, now)
      const term = await termOf(trx, input.enrolmentId, now)
      if (!term.authorisationDuration || !TERMED_FRAMEWORKS.includes(term.framework)) {
        throw problem('access-renewal-not-applicable', { framework: term.framework })
      }
      if (input.decisionDate > calendarDay(now)) {
        throw problem('access-renewal-not-applicable', {
          framework: term.framework,
          decisionDate: input.decisionDate,
        })
      }
      const ends = accessEnd(input.decisionDate, term.authorisationDuration) ?? null
      await setAccessEnd(trx, input.enrolmentId, ends)
      await insertAuditEvent(trx, {
        actorId: actor.id,
        action: 'enrolment.renew-access',
        subjectType: 'enrolment',
        subjectId: input.enrolmentId,
        details: { decisionDate: input.decisionDate, previousEnd: term.accessEndsOn, accessEndsOn: ends },
      })
      return termOf(trx, input.enrolmentId, now)
    },
  )
}
