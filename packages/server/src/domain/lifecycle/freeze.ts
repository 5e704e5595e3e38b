/**
 * C12: the tool manager schedules the programme's database freeze at least two months ahead (C12.1); the
 * announcement goes to everyone with access, reminders follow (freeze-reminders.ts), and from the freeze
 * day on every write is refused by the access rules (can.ts). Two months is the reasonable delay of C12.3.
 */
import type { Executor, FreezeMailingKind } from '../../db/database.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import {
  claimFreezeMailing,
  insertFreeze,
  listFreezeMailings,
  listFreezes,
  listProgrammeRecipients,
} from '../../db/queries/lifecycle.ts'
import { problem } from '../../errors.ts'
import { calendarDay } from '../access/custody.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { runCommand } from '../idempotency.ts'
import { iso } from '../json-result.ts'
import { enqueueMail } from '../mail/outbox.ts'
import { authorizeOnProgramme } from './programme-facts.ts'

/** C12.1: "au moins deux mois avant". */
export const FREEZE_NOTICE_MONTHS = 2

/** The same day `months` later (clamped to the month's last day: 31 December + 2 months is 28/29 February). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const target = new Date(Date.UTC(y, m - 1 + months, 1))
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(d, last))
  return calendarDay(target)
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)

/** The earliest freeze day an announcement made on `now` allows. */
export const earliestFreezeDay = (now: Date) => addMonths(calendarDay(now), FREEZE_NOTICE_MONTHS)

export const programmePath = (programmeId: string) => `/programmes/${programmeId}`

/**
 * Enqueues one mailing of one freeze to every user with access, once: the claim row and the mails commit
 * together, and each mail's dedupe key makes a replay a no-op. Returns the number of recipients, or
 * undefined when the mailing was already claimed.
 */
export async function sendFreezeMailing(
  db: Executor,
  freeze: { id: string; programme_id: string; freeze_on: string; note: string | null },
  programmeName: string,
  kind: FreezeMailingKind,
  daysLeft: number,
): Promise<number | undefined> {
  const recipients = await listProgrammeRecipients(db, freeze.programme_id)
  const claimed = await claimFreezeMailing(db, freeze.id, kind, recipients.length)
  if (!claimed) return undefined
  const common = {
    programmeName,
    freezeOn: freeze.freeze_on,
    programmePath: programmePath(freeze.programme_id),
  }
  await Promise.all(
    recipients.map((user) =>
      enqueueMail(db, {
        to: user.email,
        dedupeKey: `freeze:${freeze.id}:${kind}:${user.id}`,
        ...(kind === 'scheduled'
          ? { template: 'closure-scheduled' as const, data: { ...common, note: freeze.note } }
          : { template: 'closure-reminder' as const, data: { ...common, daysLeft } }),
      }),
    ),
  )
  return recipients.length
}

export interface ScheduleFreezeInput {
  actor: Actor
  programmeId: string
  /** `YYYY-MM-DD`, at least two months after today. */
  freezeOn: string
  /** C12.2: the end-of-access modalities, sent with the announcement. */
  note?: string | undefined
  idempotencyKey?: string | undefined
  /** The announcement's instant (tests replay an announcement made earlier). */
  now?: Date
}

export async function scheduleFreeze(deps: Deps, input: ScheduleFreezeInput) {
  const { actor, idempotencyKey, now = new Date(), ...request } = input
  const scope = { actorId: actor.id, key: idempotencyKey, operation: 'programme.schedule-freeze', request }
  return runCommand(deps, scope, async (trx) => {
    const { programme } = await authorizeOnProgramme(trx, actor, 'manage-lifecycle', input.programmeId, {
      now,
    })
    const earliest = earliestFreezeDay(now)
    if (input.freezeOn < earliest) throw problem('freeze-too-soon', { freezeOn: input.freezeOn, earliest })
    const freeze = await insertFreeze(trx, {
      programme_id: programme.id,
      freeze_on: input.freezeOn,
      scheduled_by: actor.id,
      note: input.note ?? null,
      announced_at: now,
    })
    const notified = await sendFreezeMailing(
      trx,
      freeze,
      programme.name,
      'scheduled',
      daysBetween(calendarDay(now), freeze.freeze_on),
    )
    await insertAuditEvent(trx, {
      actorId: actor.id,
      action: 'programme.schedule-freeze',
      subjectType: 'programme',
      subjectId: programme.id,
      details: { freezeId: freeze.id, freezeOn: freeze.freeze_on, notified: notified ?? 0 },
    })
    return { ...toFreezeView(freeze), notified: notified ?? 0 }
  })
}

const toFreezeView = (f: {
  id: string
  programme_id: string
  freeze_on: string
  note: string | null
  scheduled_by: string
  announced_at: Date
}) => ({
  id: f.id,
  programmeId: f.programme_id,
  freezeOn: f.freeze_on,
  note: f.note,
  scheduledBy: f.scheduled_by,
  announcedAt: iso(f.announced_at),
})

/** The programme's freeze schedules (the last one is in force), whether it is frozen, and what was sent. */
export async function readFreezes(db: Executor, programmeId: string, now = new Date()) {
  const freezes = await listFreezes(db, programmeId)
  const inForce = freezes.at(-1)
  const mailings = inForce ? await listFreezeMailings(db, inForce.id) : []
  return {
    freezeOn: inForce?.freeze_on ?? null,
    frozen: inForce ? calendarDay(now) >= inForce.freeze_on : false,
    schedules: freezes.map(toFreezeView),
    mailings: mailings.map((m) => ({ kind: m.kind, recipients: m.recipients, sentAt: iso(m.sent_at) })),
  }
}
