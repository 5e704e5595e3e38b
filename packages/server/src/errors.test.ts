import { describe, expect, it } from 'vitest'
import { PROBLEM_CODES, PROBLEM_STATUS, problem } from './errors.ts'
import { MESSAGES_FR } from './messages.fr.ts'

describe('problem codes', () => {
  it.each(PROBLEM_CODES)('%s has an HTTP status and a French title and detail', (code) => {
    expect(PROBLEM_STATUS[code]).toBeGreaterThanOrEqual(400)
    expect(MESSAGES_FR[code].title).toMatch(/\S/)
    expect(MESSAGES_FR[code].detail({})).toMatch(/\S/)
  })

  it('the message table has no code outside the union', () => {
    expect(Object.keys(MESSAGES_FR).sort()).toEqual([...PROBLEM_CODES].sort())
  })

  it('problem() carries code, status and params as data', () => {
    const p = problem('stale-revision', { currentSeq: 3 })
    expect([p.code, p.status, p.params]).toEqual(['stale-revision', 409, { currentSeq: 3 }])
  })
})
