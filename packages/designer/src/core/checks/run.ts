/**
 * Runs every rule of the registry over a parsed template and returns located, French-worded findings
 * in a stable order (line, then rule), so that reports and diffs of reports are deterministic.
 */
import { formatPath } from '../model/location.ts'
import type { ParsedTemplate } from '../model/parse.ts'
import type { Template } from '../model/template-schema.ts'
import { messageFr } from './messages.fr.ts'
import { RULE_IDS, RULES } from './registry.ts'
import type { Finding, LocatedFinding } from './types.ts'

/** Every finding of every rule, unlocated: for callers that hold a template object but no YAML. */
export function runChecks(template: Template): Finding[] {
  return RULE_IDS.flatMap((rule) => {
    const { check, severity, requirements } = RULES[rule]
    return check(template).map((hit) => ({ rule, severity, requirements, ...hit }))
  })
}

/**
 * Checks a template against the charter rules.
 * @example checkTemplate(parsed).filter((f) => f.severity === 'error')
 */
export function checkTemplate(parsed: ParsedTemplate): LocatedFinding[] {
  return runChecks(parsed.template)
    .map((finding) => ({
      ...finding,
      at: parsed.locate(finding.path),
      message: messageFr(finding.rule, finding.params),
    }))
    .sort(byPlace)
}

/** True when a finding blocks publication. */
export function hasErrors(findings: readonly Pick<Finding, 'severity'>[]): boolean {
  return findings.some((finding) => finding.severity === 'error')
}

function byPlace(a: LocatedFinding, b: LocatedFinding): number {
  return (
    a.at.line - b.at.line ||
    a.at.column - b.at.column ||
    compare(a.rule, b.rule) ||
    compare(formatPath(a.path), formatPath(b.path)) ||
    compare(a.message, b.message)
  )
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
