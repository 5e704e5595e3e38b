/**
 * Questions whose conditions depend on each other in a circle (A shown if B answered, B shown if A
 * answered) can never be shown: an unanswered question satisfies no condition.
 */
import { conditionItems, indexCatalogue } from '../model/catalogue.ts'
import type { Path } from '../model/location.ts'
import type { Template } from '../model/template-schema.ts'
import type { Check, Hit } from './types.ts'

/** For each item, the items whose answers decide whether it shows, and where that is written. */
type Graph = Map<string, { reads: Set<string>; path: Path }>

export const conditionCycle: Check = (template) => {
  const graphs = [...template.fiches.map((_, f) => ficheGraph(template, f)), ...rowGraphs(template)]
  const reported = new Set<string>()
  return graphs.flatMap((graph) =>
    [...graph.keys()].flatMap((start): Hit[] => {
      const cycle = cycleFrom(graph, start)
      if (!cycle || reported.has(start)) return []
      for (const id of cycle) reported.add(id)
      return [{ path: graph.get(start)?.path ?? [], params: { item: start, cycle } }]
    }),
  )
}

function ficheGraph(template: Template, f: number): Graph {
  const catalogue = indexCatalogue(template)
  const graph: Graph = new Map()
  template.fiches[f]?.sections.forEach((section, s) => {
    section.elements.forEach((element, e) => {
      if (!('item' in element)) return
      const indexed = catalogue.get(element.item)
      const conditions = [indexed?.item.when, element.when, section.when]
      const reads = new Set(conditions.flatMap((c) => (c ? conditionItems(c) : [])))
      const path = indexed?.item.when
        ? [...indexed.path, 'when']
        : ['fiches', f, 'sections', s, 'elements', e]
      if (reads.size > 0) graph.set(element.item, { reads, path })
    })
  })
  return graph
}

function rowGraphs(template: Template): Graph[] {
  return template.catalogue.flatMap((group, g) =>
    group.items.map((item, i) => {
      const graph: Graph = new Map()
      item.columns?.forEach((column, c) => {
        if (column.when) {
          const path = ['catalogue', g, 'items', i, 'columns', c, 'when']
          graph.set(column.id, { reads: new Set(conditionItems(column.when)), path })
        }
      })
      return graph
    }),
  )
}

/** The items of a dependency circle through `start`, in order, or undefined when there is none. */
function cycleFrom(graph: Graph, start: string): string[] | undefined {
  const seen = new Set<string>()
  const visit = (id: string, trail: string[]): string[] | undefined => {
    for (const next of graph.get(id)?.reads ?? []) {
      if (next === start) return trail
      if (seen.has(next)) continue
      seen.add(next)
      const found = visit(next, [...trail, next])
      if (found) return found
    }
    return undefined
  }
  return visit(start, [start])
}
