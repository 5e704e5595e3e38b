/**
 * The condition model → a draft-07 predicate on the whole fiche data object. The same predicate is the
 * schema's `if` and the UI rule's condition, so what the form shows and what it requires never disagree.
 */
import type { Condition } from '../model/template-schema.ts'
import type { JsonSchema } from './types.ts'

/**
 * The predicate under which `condition` holds, for an object whose properties are item ids (the fiche
 * data, or one row of a repeated-rows item for column conditions).
 * @example compileCondition({ item: 'sexe', equals: 'F' })
 * // { type: 'object', properties: { sexe: { const: 'F' } }, required: ['sexe'] }
 */
export function compileCondition(condition: Condition): JsonSchema {
  return { type: 'object', ...predicate(condition) }
}

/**
 * Several conditions that must all hold (item, element and section `when`), or undefined when there are
 * none. A single condition compiles exactly as `compileCondition` does, so rules and `if` stay equal.
 */
export function compileConditions(conditions: (Condition | undefined)[]): JsonSchema | undefined {
  const present = conditions.filter((c): c is Condition => c !== undefined)
  const [first] = present
  if (!first) return undefined
  if (present.length === 1) return compileCondition(first)
  return { type: 'object', allOf: present.map(predicate) }
}

// The `type: 'object'` sits only on the outermost schema: ajv carries it down into allOf/anyOf/not, and
// repeating it would only make the compiled schemas longer.
function predicate(condition: Condition): JsonSchema {
  if ('all' in condition) return { allOf: condition.all.map(predicate) }
  if ('any' in condition) return { anyOf: condition.any.map(predicate) }
  if ('not' in condition) return { not: predicate(condition.not) }
  // An unanswered question satisfies no positive test: the dependent item stays hidden until the answer
  // is given. Only `not` and `filled: false` hold on an absent value.
  const on = (value: JsonSchema): JsonSchema => ({
    properties: { [condition.item]: value },
    required: [condition.item],
  })
  if ('equals' in condition) return on({ const: condition.equals })
  if ('notEquals' in condition) return on({ not: { const: condition.notEquals } })
  // A repeated value would make the enum, hence the whole schema, invalid for ajv.
  if ('in' in condition) return on({ enum: [...new Set(condition.in)] })
  if ('includes' in condition) return on({ type: 'array', contains: { const: condition.includes } })
  if ('atLeast' in condition) return on({ type: 'number', minimum: condition.atLeast })
  if ('atMost' in condition) return on({ type: 'number', maximum: condition.atMost })
  // Renderers may leave an emptied text as '' and an unticked checkbox list as []: neither is an answer.
  const filled = on({ not: { enum: ['', []] } })
  return condition.filled ? filled : { not: filled }
}
