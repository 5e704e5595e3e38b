/**
 * C12.1, C12.3: reminders before a freeze, 30, 7 and 1 days ahead. A tick sends, for each freeze in force,
 * the most urgent reminder due and not yet sent; several instances may tick at once (the mailing claim is
 * a primary key, each mail has a dedupe key), and a missed tick sends the next one due, never a stale one.
 */
import type { FreezeMailingKind } from '../../db/database.ts'
import { listUpcomingFreezes } from '../../db/queries/lifecycle.ts'
import { calendarDay } from '../access/custody.ts'
import type { Deps } from '../deps.ts'
import { daysBetween, sendFreezeMailing } from './freeze.ts'

/** How often each instance ticks: reminders are per day, an hourly tick sends each on its day. */
export const FREEZE_TICK_MS = 60 * 60 * 1000

/** Days before the freeze → the reminder sent from then on, most urgent first. */
export const REMINDERS: readonly { daysBefore: number; kind: FreezeMailingKind }[] = [
  { daysBefore: 1, kind: 'reminder-1' },
  { daysBefore: 7, kind: 'reminder-7' },
  { daysBefore: 30, kind: 'reminder-30' },
]

export interface TickResult {
  /** One entry per mailing this tick sent. */
  sent: { freezeId: string; kind: FreezeMailingKind; recipients: number }[]
}

export async function tickFreezeReminders(deps: Deps, now = new Date()): Promise<TickResult> {
  const today = calendarDay(now)
  const upcoming = await listUpcomingFreezes(deps.db, today)
  const sent: TickResult['sent'] = []
  for (const freeze of upcoming) {
    const daysLeft = daysBetween(today, freeze.freeze_on)
    const due = REMINDERS.find((r) => daysLeft <= r.daysBefore)
    if (!due) continue
    // One transaction per freeze: a failure leaves the others' reminders sent and this one to retry.
    // biome-ignore lint/performance/noAwaitInLoops: few freezes; each commits on its own
    const recipients = await deps.db
      .transaction()
      .execute((trx) => sendFreezeMailing(trx, freeze, freeze.name, due.kind, daysLeft))
    if (recipients !== undefined) sent.push({ freezeId: freeze.id, kind: due.kind, recipients })
  }
  return { sent }
}
