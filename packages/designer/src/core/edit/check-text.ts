/**
 * What the CLI's `openput check` does, for text in memory: parse with locations, compile, run the charter
 * checks. The designer UI and the server's draft saves call this, so all three report the same findings.
 */
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
