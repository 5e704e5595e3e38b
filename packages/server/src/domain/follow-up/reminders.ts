/**
 * C7.1: the overdue-visit digest. Each tick, for every programme whose reminders are on and whose period
 * (a day, or an ISO week from its configured weekday) has begun, one instance claims the period and mails
 * each hospital user the overdue visits of their own dashboard, once per user and period.
 */
import { insertAuditEvent } from '../../db/queries/audit.ts'
import {
  claimReminderPeriod,
  listEnabledReminders,
  listEstablishmentUsers,
  listScopedRecords,
} from '../../db/queries/follow-up.ts'
import { calendarDay, holderOn } from '../access/custody.ts'
import { findActor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { enqueueMail } from '../mail/outbox.ts'
import { userDashboard } from './dashboard.ts'
import type { ReminderSettings } from './reminder-settings.ts'

/** Digests go out from this hour (UTC) of their day: not in the middle of the night in France. */
export const SEND_FROM_HOUR_UTC = 6
/** A digest lists this many visits; the rest are counted and left to the dashboard. */
export const DIGEST_VISITS = 20
/** How often main.ts ticks (every instance: the period claim keeps it to one sending). */
export const DIGEST_TICK_MS = 15 * 60 * 1000

/** `2026-W48`: the ISO 8601 week of a day (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  const weekday = d.getUTCDay() || 7
  d.setUTCDate(d.getUTCDate() + 4 - weekday)
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1)
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7)
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
}

/**
 * The period a digest would cover now, or null before it is due: daily, each day from the sending hour;
 * weekly, from the configured weekday on (a tick missed that day still sends later in the week).
 */
export function digestPeriod(
  settings: Pick<ReminderSettings, 'cadence' | 'dayOfWeek'>,
  now: Date,
): string | null {
  if (now.getUTCHours() < SEND_FROM_HOUR_UTC) return null
  if (settings.cadence === 'daily') return `day:${calendarDay(now)}`
  const isoWeekday = now.getUTCDay() || 7
  return isoWeekday >= settings.dayOfWeek ? `week:${isoWeek(now)}` : null
}

export interface DigestTickResult {
  sent: { programmeId: string; period: string; recipients: number; visits: number }[]
}

export async function tickOverdueDigests(deps: Deps, now = new Date()): Promise<DigestTickResult> {
  const sent: DigestTickResult['sent'] = []
  for (const settings of await listEnabledReminders(deps.db)) {
    const period = digestPeriod({ cadence: settings.cadence, dayOfWeek: settings.day_of_week }, now)
    if (!period || settings.last_period === period) continue
    // One transaction per programme: the claim and the mails commit together, or neither does.
    // biome-ignore lint/performance/noAwaitInLoops: few programmes; each commits on its own
    const result = await deps.db.transaction().execute(async (trx) => {
      if (!(await claimReminderPeriod(trx, settings.programme_id, period))) return undefined
      const today = calendarDay(now)
      const records = await listScopedRecords(trx, {
        programmeId: settings.programme_id,
        scope: { all: true, establishments: [], grantEstablishmentIds: [] },
        actorId: settings.programme_id,
      })
      const holders = [
        ...new Set(
          records.map((r) =>
            holderOn({ originEstablishmentId: r.origin_establishment_id, transfers: r.transfers }, today),
          ),
        ),
      ]
      const users = await listEstablishmentUsers(trx, holders)
      let recipients = 0
      let visits = 0
      for (const user of users) {
        // biome-ignore lint/performance/noAwaitInLoops: one transaction, one connection: statements queue anyway
        const actor = await findActor(trx, user.id)
        if (!actor) continue
        // The user's own dashboard decides what they see: the access rules, the records they hold.
        const dashboard = await userDashboard(
          trx,
          actor,
          { programme: settings.slug, list: 'overdueVisits', limit: DIGEST_VISITS },
          now,
        )
        const overdue = dashboard.overdueVisits?.items ?? []
        if (overdue.length === 0) continue
        await enqueueMail(trx, {
          template: 'overdue-visits-digest',
          to: user.email,
          dedupeKey: `overdue-visits-digest:${settings.programme_id}:${user.id}:${period}`,
          data: {
            programmeName: settings.name,
            overdueCount: dashboard.counts.overdueVisits,
            visits: overdue.map((o) => ({
              patient: o.registrationNumber ? `Patient n° ${o.registrationNumber}` : 'Patient sans numéro',
              visit: o.visit.label,
              dueDate: o.visit.dueDate,
              daysOverdue: Math.max(1, o.daysOverdue),
              recordPath: `/dossiers/${o.enrolmentId}`,
            })),
            moreCount: dashboard.counts.overdueVisits - overdue.length,
            dashboardPath: '/tableau-de-bord',
          },
        })
        recipients++
        visits += dashboard.counts.overdueVisits
      }
      await insertAuditEvent(trx, {
        actorId: null,
        action: 'overdue-digest.send',
        subjectType: 'programme',
        subjectId: settings.programme_id,
        details: { period, recipients, visits },
      })
      return { programmeId: settings.programme_id, period, recipients, visits }
    })
    if (result) sent.push(result)
  }
  return { sent }
}
