/**
 * A private PostgreSQL 15 cluster for one test: initdb into a temporary folder, started on a free loopback
 * port with its socket in that folder, stopped and restarted at will, removed at the end. Tests that stop
 * Postgres use this one, never the shared server of the machine. Postgres refuses to run as root: when the
 * tests run as root (CI, containers), initdb and pg_ctl run as the `postgres` system user via runuser.
 */
import { execFile } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './server-process.ts'

const run = promisify(execFile)

/** Where Debian's postgresql-15 package puts its binaries; POSTGRES_BIN_DIR overrides it. */
export const POSTGRES_BIN_DIR = process.env.POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin'

export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  url: string
  port: number
  start(): Promise<void>
  /** `fast`: sessions are ended (57P01), a checkpoint is written; `immediate`: processes die, WAL recovery at restart. */
  stop(mode: 'fast' | 'immediate'): Promise<void>
  /** The server log, for failure messages. */
  log(): string
  /** Stops the cluster if it runs and removes its folder. */
  destroy(): Promise<void>
}

async function ids(user: string) {
  const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])])
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const initdb = join(POSTGRES_BIN_DIR, 'initdb')
  const pgCtl = join(POSTGRES_BIN_DIR, 'pg_ctl')
  if (!existsSync(initdb) || !existsSync(pgCtl)) {
    throw new Error(
      `PostgreSQL 15 est introuvable (${initdb}) : installez le paquet postgresql-15 ou indiquez le dossier de ses binaires dans POSTGRES_BIN_DIR. Ce test arrête et redémarre un PostgreSQL privé ; il ne peut pas s'en passer.`,
    )
  }
  const dir = mkdtempSync(join(tmpdir(), 'openput-pg-'))
  const data = join(dir, 'data')
  const logFile = join(dir, 'postgres.log')
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const { uid, gid } = await ids('postgres')
    chownSync(dir, uid, gid)
  }
  chmodSync(dir, 0o700)
  const exec = (command: string, args: string[], timeout = 60_000) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', command, ...args], { timeout })
      : run(command, args, { timeout })
  await exec(initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
  const port = await freePort()
  let running = false
  const pg = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await exec(pgCtl, [
        '-D',
        data,
        '-l',
        logFile,
        '-w',
        '-t',
        '30',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50`,
        'start',
      ])
      running = true
    },
    async stop(mode: 'fast' | 'immediate') {
      await exec(pgCtl, ['-D', data, '-m', mode, '-w', '-t', '30', 'stop'])
      running = false
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async destroy() {
      if (running) await pg.stop('immediate').catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
  try {
    await pg.start()
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return pg
}
