/**
 * What a charter check reports: findings are data (rule, severity, path, parameters), never thrown; the
 * French wording comes from `messages.fr.ts` and the file:line:column from the parsed YAML.
 */
import type { Path, SourceLocation } from '../model/location.ts'
import type { Template } from '../model/template-schema.ts'
import type { RuleId } from './registry.ts'
import type { TemplateFacts } from './template-facts.ts'

export type { RuleId } from './registry.ts'

export type Severity = 'error' | 'warning'

/** What a message needs to name the problem: ids, codes, offending terms, counts. */
export type Params = Record<string, string | number | boolean | string[]>

/** One problem a check found, before the registry adds its rule, severity and requirements. */
export interface Hit {
  /** The node the problem is about: the finding points the lab user at it. */
  path: Path
  params: Params
}

/**
 * A charter check: a pure function of the template that returns what it found and never throws. A run
 * hands every check the same precomputed `facts`; called alone, a check computes them itself.
 */
export type Check = (template: Template, facts?: TemplateFacts) => Hit[]

export interface Finding extends Hit {
  rule: RuleId
  severity: Severity
  /** The charter requirements the rule proves (`C1.2`), or none for structural rules. */
  requirements: readonly string[]
}

export interface LocatedFinding extends Finding {
  at: SourceLocation
  /** French, for the lab's regulatory staff: what is wrong, where, and how to fix it. */
  message: string
}
