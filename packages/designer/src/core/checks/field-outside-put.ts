/**
 * C1.1: a fiche collects only the PUT's data items. Every form element must be bound to a top-level item
 * of the catalogue, and, in depth, every property of the compiled schemas must name such an item.
 */
import type { JsonSchema } from '../compile/types.ts'
import type { Path } from '../model/location.ts'
import type { Template } from '../model/template-schema.ts'
import { type TemplateFacts, templateFacts } from './template-facts.ts'
import type { Check, Hit } from './types.ts'

export const fieldOutsidePut: Check = (template, facts = templateFacts(template)) => {
  const elementHits = elementsOutsidePut(template, facts)
  // The compiled schemas are checked only where the template itself looks right, so that one mistake
  // is reported once: the schema check is there to catch a compiler that would add a property.
  const flagged = new Set(elementHits.map((hit) => hit.path[1]))
  const schemaHits = compiledOutsidePut(facts).filter((hit) => !flagged.has(hit.path[1]))
  return [...elementHits, ...schemaHits]
}

function elementsOutsidePut(template: Template, { catalogue }: TemplateFacts): Hit[] {
  return template.fiches.flatMap((fiche, f) =>
    fiche.sections.flatMap((section, s) =>
      section.elements.flatMap((element, e): Hit[] => {
        if (!('item' in element)) return []
        const path: Path = ['fiches', f, 'sections', s, 'elements', e, 'item']
        const indexed = catalogue.get(element.item)
        if (!indexed)
          return [{ path, params: { reason: 'unknown-item', item: element.item, fiche: fiche.id } }]
        if (indexed.parent) {
          const params = {
            reason: 'column-at-top-level',
            item: element.item,
            repeat: indexed.parent.id,
            fiche: fiche.id,
          }
          return [{ path, params }]
        }
        return []
      }),
    ),
  )
}

function compiledOutsidePut({ catalogue, compiled: compile }: TemplateFacts): Hit[] {
  const compiled = compile()
  // Without compiled schemas C1.1 cannot be proven: say so rather than pass silently.
  if (!compiled) return [{ path: [], params: { reason: 'not-compiled' } }]
  return compiled.fiches.flatMap((fiche, f) => {
    const path: Path = ['fiches', f]
    const hits: Hit[] = openSchema(fiche.schema)
      ? [{ path, params: { reason: 'schema-open', fiche: fiche.ficheId } }]
      : []
    for (const [property, schema] of Object.entries(properties(fiche.schema))) {
      const bound = schema['x-put-item']
      const indexed = typeof bound === 'string' ? catalogue.get(bound) : undefined
      if (bound !== property || !indexed || indexed.parent) {
        hits.push({ path, params: { reason: 'schema-property', fiche: fiche.ficheId, property } })
        continue
      }
      const columns = 'columns' in indexed.item ? (indexed.item.columns ?? []).map((c) => c.id) : []
      hits.push(...rowsOutsidePut(schema, columns, property, path, fiche.ficheId))
    }
    return hits
  })
}

/** A repeated-rows property: each row property must be one of the item's columns. */
function rowsOutsidePut(
  schema: JsonSchema,
  columns: string[],
  item: string,
  path: Path,
  fiche: string,
): Hit[] {
  const row = schema.items as JsonSchema | undefined
  if (schema.type !== 'array' || !row || row.type !== 'object') return []
  const hits: Hit[] = openSchema(row)
    ? [{ path, params: { reason: 'schema-open', fiche, property: item } }]
    : []
  for (const [property, column] of Object.entries(properties(row))) {
    if (column['x-put-item'] !== property || !columns.includes(property)) {
      hits.push({ path, params: { reason: 'schema-property', fiche, property: `${item}.${property}` } })
    }
  }
  return hits
}

function properties(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties ?? {}) as Record<string, JsonSchema>
}

function openSchema(schema: JsonSchema): boolean {
  return schema.additionalProperties !== false
}
