import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { acquireLock, DataFolderLockedError } from './lock-file.ts'

describe('PGlite data-folder lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openput-lock-'))

  it('a second process is refused with a French and English message while the first holds the lock', () => {
    const path = join(dir, 'held.lock')
    const lock = acquireLock(path)
    // process.ppid is alive and is not us: it stands for the other instance.
    expect(() => acquireLock(path, process.ppid)).toThrow(DataFolderLockedError)
    expect(() => acquireLock(path, process.ppid)).toThrow(/déjà utilisé.*\n.*already in use/)
    lock.release()
    expect(existsSync(path)).toBe(false)
  })

  it('a lock left by a dead process is taken over', () => {
    const path = join(dir, 'stale.lock')
    writeFileSync(path, '999999999')
    const lock = acquireLock(path)
    expect(existsSync(path)).toBe(true)
    lock.release()
  })
})
