/**
 * Template → compiled fiches: per fiche a draft-07 JSON Schema, a JSON Forms UI schema and a French
 * i18n bundle, all from one walk over the fiche, with a content hash. Pure and deterministic.
 */
import { conditionItems } from '../model/catalogue.ts'
import type { Condition, Fiche, Template } from '../model/template-schema.ts'
import { hashJson, sha256Hex } from './canonical-json.ts'
import { requiredKeywords } from './conditional-required.ts'
import { compileConditions } from './conditions.ts'
import { layOutFiche, layoutItems } from './fiche-layout.ts'
import { ficheI18n } from './i18n.ts'
import { itemSchema } from './item-schema.ts'
import type { CompiledFiche, CompiledTemplate, JsonSchema } from './types.ts'
import { ficheUiSchema } from './ui-schema.ts'

export { compileCondition, compileConditions } from './conditions.ts'

export const JSON_SCHEMA_DRAFT_07 = 'http://json-schema.org/draft-07/schema#'

/** Every fiche of a template, in order, and a hash over theirs. */
export function compileTemplate(template: Template): CompiledTemplate {
  const fiches = template.fiches.map((_, i) => compileFiche(template, i))
  return {
    programme: template.programme,
    version: template.version,
    fiches,
    hash: sha256Hex(fiches.map((f) => f.hash).join('\n')),
  }
}

/** One fiche; `ficheIndex` is its position in `template.fiches`. */
export function compileFiche(template: Template, ficheIndex: number): CompiledFiche {
  const fiche = template.fiches[ficheIndex] as Fiche
  const sections = layOutFiche(template, fiche)
  const items = layoutItems(sections)

  const conditionsOf = effectiveConditions(
    new Map(items.map(({ item, element, section }) => [item.id, [item.when, element.when, section.when]])),
  )
  const properties: Record<string, JsonSchema> = {}
  const relevance: Record<string, JsonSchema> = {}
  const requiredEntries = items.map(({ item }) => {
    properties[item.id] = itemSchema(item, template.metadata)
    const predicate = compileConditions(conditionsOf(item.id))
    if (predicate) relevance[item.id] = predicate
    return { id: item.id, required: item.required ?? false, relevance: predicate }
  })

  const schema: JsonSchema = {
    $schema: JSON_SCHEMA_DRAFT_07,
    type: 'object',
    title: fiche.title,
    properties,
    // A hidden item is only not required: its stale value is still accepted, because JSON Forms keeps
    // it and validates it unseen; the server prunes it with `relevance` before storing.
    ...requiredKeywords(requiredEntries),
    additionalProperties: false,
  }
  const uischema = ficheUiSchema(fiche, sections, relevance)
  const i18n = ficheI18n(sections, template.metadata)
  return {
    ficheId: fiche.id,
    kind: fiche.kind,
    title: fiche.title,
    repeatable: fiche.repeatable ?? false,
    schema,
    uischema,
    i18n,
    itemIds: items.map(({ item }) => item.id),
    relevance,
    hash: hashJson({ schema, uischema, i18n }),
  }
}

/**
 * An item is relevant when its own conditions hold and every item they read is itself relevant: in
 * "femme en âge de procréer → contraception", a stale "oui" left on a hidden first question must not
 * show or require the second. Cycles are reported by the `condition-cycle` check; here they just stop.
 */
function effectiveConditions(own: Map<string, (Condition | undefined)[]>) {
  const memo = new Map<string, Condition[]>()
  const visiting = new Set<string>()
  const conditionsOf = (id: string): Condition[] => {
    const known = memo.get(id)
    if (known) return known
    const mine = (own.get(id) ?? []).filter((c): c is Condition => c !== undefined)
    if (visiting.has(id)) return mine
    visiting.add(id)
    const read = [...new Set(mine.flatMap(conditionItems))].filter((ref) => ref !== id && own.has(ref))
    const inherited = read.flatMap(conditionsOf)
    visiting.delete(id)
    const byKey = new Map<string, Condition>()
    for (const c of [...inherited, ...mine]) {
      const key = JSON.stringify(c)
      if (!byKey.has(key)) byKey.set(key, c)
    }
    const all = [...byKey.values()]
    memo.set(id, all)
    return all
  }
  return conditionsOf
}
