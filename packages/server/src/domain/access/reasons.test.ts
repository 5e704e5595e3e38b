import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DENIAL_MESSAGES_FR, DENIAL_REASONS } from './reasons.ts'

const DOC = readFileSync(new URL('../../../../../docs/access-rules.md', import.meta.url), 'utf8')

describe('refusal reasons', () => {
  it.each(DENIAL_REASONS)('%s has its French message and its row in docs/access-rules.md', (code) => {
    expect(DENIAL_MESSAGES_FR[code].length).toBeGreaterThan(10)
    expect(DOC).toContain(`| \`${code}\` |`)
  })
})
