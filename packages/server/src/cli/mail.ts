/**
 * `pnpm --filter @openput/server mail`: the outbox for an operator. `mail` counts by state, `mail list
 * [pending|sent|failed]` shows mails and their last error, `mail requeue <id>…` or `mail requeue --failed`
 * puts failed mails back in the queue (audited). On PGlite, stop the server first (one process per folder).
 */
import { ConfigError, loadConfig } from '../config.ts'
import { openDatabase } from '../db/connect.ts'
import type { OutboxMailStatus } from '../db/database.ts'
import { DataFolderLockedError } from '../db/lock-file.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { listMails, outboxCounts, requeueMail } from '../domain/mail/outbox-admin.ts'

const STATES: readonly OutboxMailStatus[] = ['pending', 'sent', 'failed']
const USAGE = 'Usage : mail [list [pending|sent|failed]] | mail requeue <id>… | mail requeue --failed'

async function run(args: string[]) {
  const [command = 'count', ...rest] = args
  const config = loadConfig(process.env)
  const database = await openDatabase(config.database)
  try {
    await migrateToLatest(database.db)
    const db = database.db
    if (command === 'count') {
      const counts = await outboxCounts(db)
      console.log(STATES.map((s) => `${s} : ${counts[s] ?? 0}`).join(' · '))
    } else if (command === 'list') {
      const status = rest[0] as OutboxMailStatus | undefined
      if (status && !STATES.includes(status)) throw new UsageError()
      for (const m of await listMails(db, status, 500)) {
        console.log(
          [m.id, m.status, m.template, m.recipient, `${m.attempts} tentative(s)`, m.created_at.toISOString()]
            .concat(m.status === 'pending' ? [`prochain essai ${m.next_attempt_at.toISOString()}`] : [])
            .concat(m.last_error ? [`dernière erreur : ${m.last_error}`] : [])
            .join(' | '),
        )
      }
    } else if (command === 'requeue') {
      const ids = rest[0] === '--failed' ? (await listMails(db, 'failed', 10_000)).map((m) => m.id) : rest
      if (ids.length === 0) throw new UsageError()
      for (const id of ids) {
        // biome-ignore lint/performance/noAwaitInLoops: one audited transaction per mail, in order
        const outcome = await requeueMail(db, id)
        const label = {
          requeued: 'remis en file',
          'not-found': 'introuvable',
          'not-failed': "n'est pas en échec",
        }
        console.log(`${id} : ${label[outcome]}`)
      }
    } else throw new UsageError()
  } finally {
    await database.close()
  }
}

class UsageError extends Error {
  constructor() {
    super(USAGE)
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  const known =
    error instanceof ConfigError || error instanceof DataFolderLockedError || error instanceof UsageError
  console.error(known ? (error as Error).message : error)
  process.exitCode = 1
})
