/**
 * A PID lock file next to the embedded database folder. PGlite has no cross-process lock and a second
 * process on the same folder corrupts it (pglite#1106), so a second start must fail fast instead.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'

export class DataFolderLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly pid: number,
  ) {
    super(
      `Le dossier de données est déjà utilisé par le processus ${pid} (verrou ${lockPath}). Arrêtez l'autre instance d'OpenPUT ou définissez DATABASE_URL.\n` +
        `The data folder is already in use by process ${pid} (lock ${lockPath}). Stop the other OpenPUT instance or set DATABASE_URL.`,
    )
    this.name = 'DataFolderLockedError'
  }
}

export interface LockHandle {
  path: string
  release(): void
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes the lock atomically (O_EXCL); a lock left by a dead process is taken over. */
export function acquireLock(path: string, pid = process.pid): LockHandle {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, String(pid))
      closeSync(fd)
      return { path, release: () => releaseIfOurs(path, pid) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10)
      if (Number.isInteger(holder) && holder !== pid && isAlive(holder))
        throw new DataFolderLockedError(path, holder)
      unlinkSync(path) // stale: its process is gone
    }
  }
  throw new DataFolderLockedError(path, -1)
}

function releaseIfOurs(path: string, pid: number) {
  try {
    if (readFileSync(path, 'utf8') === String(pid)) unlinkSync(path)
  } catch {
    // already gone: nothing to release
  }
}
