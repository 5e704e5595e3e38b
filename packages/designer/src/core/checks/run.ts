/**
 * Runs every rule of the registry over a parsed template and returns located, French-worded findings
 * in a stable order (line, then rule), so that reports and diffs of reports are deterministic.
 */
import type { CompiledTemplate } from '../compile/types.ts'
import { formatPath } from '../model/location.ts'
import type { ParsedTemplate } from '../model/parse.ts'
import type { Template } from '../model/template-schema.ts'
import { messageFr } from './messages.fr.ts'
import { RULE_IDS, RULES } from './registry.ts'
import { templateFacts } from './template-facts.ts'
import type { Finding, LocatedFinding } from './types.ts'

export interface CheckOptions {
  /** The template's compiled fiches, for callers that compile anyway: the checks then do not compile again. */
  compiled?: CompiledTemplate
}

/** Every finding of every rule, unlocated: for callers that hold a template object but no YAML. */
export function runChecks(template: Template, options: CheckOptions = {}): Finding[] {
  // Built once and shared, so that no rule re-indexes the template.
  const facts = templateFacts(template, options.compiled)
  return RULE_IDS.flatMap((rule) => {
    const { check, severity, requirements } = RULES[rule]
    return check(template, facts).map((hit) => ({ rule, severity, requirements, ...hit }))
  })
}

/**
 * Checks a template against the charter rules.
 * @example checkTemplate(parsed, { compiled: compileTemplate(parsed.template) }).filter((f) => f.severity === 'error')
 */
export function checkTemplate(parsed: ParsedTemplate, options: CheckOptions = {}): LocatedFinding[] {
  const located = runChecks(parsed.template, options).map((finding) => {
    const at = parsed.locate(finding.path)
    const message = messageFr(finding.rule, finding.params)
    return { finding: { ...finding, at, message }, path: formatPath(finding.path) }
  })
  // Paths are formatted once each, not once per comparison.
  return located.sort(byPlace).map(({ finding }) => finding)
}

/** True when a finding blocks publication. */
export function hasErrors(findings: readonly Pick<Finding, 'severity'>[]): boolean {
  return findings.some((finding) => finding.severity === 'error')
}

interface Sortable {
  finding: LocatedFinding
  path: string
}

function byPlace({ finding: a, path: pathA }: Sortable, { finding: b, path: pathB }: Sortable): number {
  return (
    a.at.line - b.at.line ||
    a.at.column - b.at.column ||
    compare(a.rule, b.rule) ||
    compare(pathA, pathB) ||
    compare(a.message, b.message)
  )
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
