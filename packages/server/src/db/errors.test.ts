import { describe, expect, it } from 'vitest'
import { databaseErrorToProblem, isConnectionError, markConnectionError } from './errors.ts'

const systemError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code })
const serverError = (code: string) => Object.assign(new Error('FATAL'), { code, severity: 'FATAL' })

describe('database errors → problems', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'])(
    'a %s marked by the database client is database-unavailable (503)',
    (code) => {
      const error = markConnectionError(systemError(code))
      expect(isConnectionError(error)).toBe(true)
      expect(databaseErrorToProblem(error)?.code).toBe('database-unavailable')
      expect(databaseErrorToProblem(error)?.status).toBe(503)
    },
  )

  it('"Connection terminated unexpectedly" marked by the client is database-unavailable', () => {
    const error = markConnectionError(new Error('Connection terminated unexpectedly'))
    expect(databaseErrorToProblem(error)?.code).toBe('database-unavailable')
  })

  it('the same refusal from another adapter (SMTP, identity provider) is not taken for the database', () => {
    expect(isConnectionError(systemError('ECONNREFUSED'))).toBe(false)
    expect(databaseErrorToProblem(systemError('ECONNREFUSED'))).toBeUndefined()
    // EPIPE looks like a SQLSTATE (five capitals) but names no problem of ours
    expect(databaseErrorToProblem(systemError('EPIPE'))).toBeUndefined()
  })

  it.each(['57P01', '57P02', '57P03', '53300', '08006', '08001', '08003', '08P01'])(
    'SQLSTATE %s (shutdown, starting up, too many connections, connection exception) is database-unavailable',
    (code) => {
      expect(databaseErrorToProblem(serverError(code))?.code).toBe('database-unavailable')
    },
  )

  it('a server-reported error is never re-marked as a lost connection', () => {
    const error = markConnectionError(serverError('23505'))
    expect(isConnectionError(error)).toBe(false)
    expect(databaseErrorToProblem(error)?.code).toBe('conflict')
  })
})
