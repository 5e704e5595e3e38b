/**
 * What the CLI's `openput check` does, for text in memory: parse with locations, compile, run the charter
 * checks. The designer UI and the server's draft saves call this, so all three report the same findings.
 */

import { parse } from 'yaml'
import { checkTemplate } from '../checks/run.ts'
import { compileTemplate } from '../compile/compile.ts'
import type { Path } from '../model/location.ts'
import { parseTemplate } from '../model/parse.ts'

export interface TextFinding {
  rule: string
  severity: 'error' | 'warning'
  requirements: string[]
  message: string
  at: { file: string; line: number; column: number; path: Path }
}

export function checkTemplateText(text: string, file = '<modèle>'): TextFinding[] {
  const parsed = parseTemplate(text, file)
  if (!parsed.ok) {
    return parsed.errors.map((e) => ({
      rule: e.code,
      severity: 'error',
      requirements: [],
      message: e.message,
      at: e.at,
    }))
  }
  const compiled = compileTemplate(parsed.value.template)
  return checkTemplate(parsed.value, { compiled }).map((f) => ({
    rule: f.rule,
    severity: f.severity,
    requirements: [...(f.requirements ?? [])],
    message: f.message,
    at: f.at,
  }))
}

/**
 * The programme and version a template text declares, read leniently: a draft keeps its identity even
 * while the rest of the file does not pass the model yet.
 */
export function templateIdentity(text: string): { programme?: string; version?: string } {
  let value: unknown
  try {
    value = parse(text, { maxAliasCount: 100 })
  } catch {
    return {}
  }
  if (value === null || typeof value !== 'object') return {}
  const { programme, version } = value as Record<string, unknown>
  return {
    ...(typeof programme === 'string' ? { programme } : {}),
    ...(typeof version === 'string' || typeof version === 'number' ? { version: String(version) } : {}),
  }
}
