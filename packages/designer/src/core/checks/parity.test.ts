import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LOGISTICS_TERMS } from './logistics-terms.ts'
import { MESSAGES_FR } from './messages.fr.ts'
import { RULE_IDS, RULES } from './registry.ts'

const fixtures = new URL('../../../test/fixtures/', import.meta.url)
const docs = new URL('../../../../../docs/', import.meta.url)
const read = (url: URL) => (existsSync(url) ? readFileSync(url, 'utf8') : '')
const checksDoc = read(new URL('checks.md', docs))
const conformance = read(new URL('conformance.md', docs))

describe('every rule of the registry is worded, has fixtures and is documented', () => {
  it.each(RULE_IDS)('%s has a French message', (rule) => {
    const message = MESSAGES_FR[rule]({})
    expect(message).toMatch(/\S/)
    expect(message).not.toMatch(/undefined|\[object/)
  })

  it.each(RULE_IDS)('%s has a fail and a pass fixture', (rule) => {
    expect(existsSync(new URL(`${rule}.fail.yaml`, fixtures))).toBe(true)
    expect(existsSync(new URL(`${rule}.pass.yaml`, fixtures))).toBe(true)
  })

  it.each(RULE_IDS)('%s has its section in docs/checks.md, with its severity and requirements', (rule) => {
    const section = checksDoc.split(/^## /m).find((s) => s.startsWith(`\`${rule}\`\n`)) ?? ''
    expect(section).toContain(`**Severity:** ${RULES[rule].severity}`)
    for (const id of RULES[rule].requirements) expect(section).toContain(id)
  })

  it.each(RULE_IDS)('%s appears in docs/conformance.md', (rule) => {
    expect(conformance).toMatch(new RegExp(`(?<![\\w-])${rule}(?![\\w-])`))
  })

  it('no fixture, message or docs section names a rule the registry lacks', () => {
    const known = new Set<string>(RULE_IDS)
    const fixtureRules = readdirSync(fixtures).flatMap(
      (name) => /^(.+)\.(fail|pass)\.yaml$/.exec(name)?.[1] ?? [],
    )
    const docRules = [...checksDoc.matchAll(/^## `([^`]+)`$/gm)].map((m) => m[1] ?? '')
    for (const rule of [...fixtureRules, ...docRules, ...Object.keys(MESSAGES_FR)])
      expect(known).toContain(rule)
  })

  it('docs/checks.md lists every logistics term no-logistics matches', () => {
    for (const term of LOGISTICS_TERMS) expect(checksDoc).toContain(`\`${term}\``)
  })
})
