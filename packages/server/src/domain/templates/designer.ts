/**
 * The one place the server calls the designer core: parse, check and compile a template version, and
 * build the ajv instance fiche schemas are compiled with. Same code as the CLI and the designer UI.
 */
import {
  type CompiledFiche,
  type CompiledTemplate,
  checkTemplate,
  compileTemplate,
  createFicheAjv,
  type LocatedFinding as Finding,
  parseTemplate,
  type Template,
} from '@openput/designer'

export type { CompiledFiche, CompiledTemplate, Finding, Template }

export type TemplateAnalysis =
  | { ok: true; template: Template; compiled: CompiledTemplate; warnings: Finding[] }
  | { ok: false; findings: ReportedFinding[] }

/** A finding as the API reports it (parse errors are findings of rule `model` / `yaml-syntax`). */
export interface ReportedFinding {
  rule: string
  severity: 'error' | 'warning'
  requirements: string[]
  message: string
  at: { file: string; line: number; column: number; path: (string | number)[] }
}

const report = (f: Finding): ReportedFinding => ({
  rule: f.rule,
  severity: f.severity,
  requirements: [...(f.requirements ?? [])],
  message: f.message,
  at: f.at,
})

/** Parses, checks and compiles; refuses on any error finding, keeps warnings. */
export function analyseTemplate(yaml: string, file: string): TemplateAnalysis {
  const parsed = parseTemplate(yaml, file)
  if (!parsed.ok) {
    return {
      ok: false,
      findings: parsed.errors.map((e) => ({
        rule: e.code,
        severity: 'error',
        requirements: [],
        message: e.message,
        at: e.at,
      })),
    }
  }
  // Compiled once: the checks verify the very fiches that are published.
  const compiled = compileTemplate(parsed.value.template)
  const findings = checkTemplate(parsed.value, { compiled })
  if (findings.some((f) => f.severity === 'error')) return { ok: false, findings: findings.map(report) }
  return { ok: true, template: parsed.value.template, compiled, warnings: findings }
}

export { createFicheAjv }
