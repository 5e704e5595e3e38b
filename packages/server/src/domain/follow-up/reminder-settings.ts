/**
 * C7: a programme's overdue-visit reminder digest, on or off, daily or weekly on a given day. Set by the
 * lab's programme manager; every change is audited.
 */
import type { Db, ReminderCadence } from '../../db/database.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { findReminderSettings, upsertReminderSettings } from '../../db/queries/follow-up.ts'
import { authorizeOn } from '../access/authorize.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { findProgrammeOrThrow } from './programme-scope.ts'

export interface ReminderSettings {
  enabled: boolean
  cadence: ReminderCadence
  /** ISO day of the week (Monday = 1) a weekly digest goes out on. */
  dayOfWeek: number
}

/** Until the lab turns them on, a programme sends no reminder. */
export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { enabled: false, cadence: 'weekly', dayOfWeek: 1 }

async function authorized(db: Db, actor: Actor, programmeSlug: string) {
  const programme = await findProgrammeOrThrow(db, { slug: programmeSlug })
  authorizeOn(actor, 'configure-reminders', { type: 'programme', organisationId: programme.organisation_id })
  return programme
}

export async function readReminderSettings(
  db: Db,
  actor: Actor,
  programmeSlug: string,
): Promise<ReminderSettings> {
  const programme = await authorized(db, actor, programmeSlug)
  const row = await findReminderSettings(db, programme.id)
  return row
    ? { enabled: row.enabled, cadence: row.cadence, dayOfWeek: row.day_of_week }
    : DEFAULT_REMINDER_SETTINGS
}

export async function setReminderSettings(
  deps: Deps,
  input: { actor: Actor; programme: string; settings: ReminderSettings },
): Promise<ReminderSettings> {
  const programme = await authorized(deps.db, input.actor, input.programme)
  const { enabled, cadence, dayOfWeek } = input.settings
  return deps.db.transaction().execute(async (trx) => {
    const row = await upsertReminderSettings(trx, {
      programme_id: programme.id,
      enabled,
      cadence,
      day_of_week: dayOfWeek,
      updated_by: input.actor.id,
    })
    await insertAuditEvent(trx, {
      actorId: input.actor.id,
      action: 'reminder-settings.update',
      subjectType: 'programme',
      subjectId: programme.id,
      details: { enabled, cadence, dayOfWeek },
    })
    return { enabled: row.enabled, cadence: row.cadence, dayOfWeek: row.day_of_week }
  })
}
