/**
 * Questions whose conditions depend on each other in a circle (A shown if B answered, B shown if A
 * answered) can never be shown: an unanswered question satisfies no condition.
 */
import { conditionItems } from '../model/catalogue.ts'
import type { Path } from '../model/location.ts'
import type { Template } from '../model/template-schema.ts'
import { type TemplateFacts, templateFacts } from './template-facts.ts'
import type { Check, Hit } from './types.ts'

/** For each item, the items whose answers decide whether it shows, and where that is written. */
type Graph = Map<string, { reads: Set<string>; path: Path }>

export const conditionCycle: Check = (template, facts = templateFacts(template)) => {
  const graphs = [...template.fiches.map((_, f) => ficheGraph(template, f, facts)), ...rowGraphs(template)]
  const reported = new Set<string>()
  return graphs.flatMap((graph) => {
    // Only an item inside a strongly connected group can lie on a circle: searching from the others
    // would make the rule quadratic on long chains of "si oui, préciser" and never find anything.
    const circular = circularItems(graph)
    return [...graph.keys()].flatMap((start): Hit[] => {
      if (reported.has(start) || !circular.has(start)) return []
      const cycle = cycleFrom(graph, start, circular)
      if (!cycle) return []
      for (const id of cycle) reported.add(id)
      return [{ path: graph.get(start)?.path ?? [], params: { item: start, cycle } }]
    })
  })
}

function ficheGraph(template: Template, f: number, { catalogue }: TemplateFacts): Graph {
  const graph: Graph = new Map()
  template.fiches[f]?.sections.forEach((section, s) => {
    section.elements.forEach((element, e) => {
      if (!('item' in element)) return
      const indexed = catalogue.get(element.item)
      if (!indexed?.item.when && !element.when && !section.when) return
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

/**
 * The items of a dependency circle through `start`, in order, or undefined when there is none. The search
 * stays among `circular` items: any other item reachable from `start` cannot lead back to it.
 */
function cycleFrom(graph: Graph, start: string, circular: Set<string>): string[] | undefined {
  const seen = new Set<string>()
  const visit = (id: string, trail: string[]): string[] | undefined => {
    for (const next of graph.get(id)?.reads ?? []) {
      if (next === start) return trail
      if (seen.has(next) || !circular.has(next)) continue
      seen.add(next)
      const found = visit(next, [...trail, next])
      if (found) return found
    }
    return undefined
  }
  return visit(start, [start])
}

/** Items on some circle: members of a strongly connected component of two or more, or reading themselves. */
function circularItems(graph: Graph): Set<string> {
  // Tarjan's algorithm, linear in the graph's size.
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const circular = new Set<string>()
  const connect = (id: string) => {
    index.set(id, index.size)
    low.set(id, index.get(id) as number)
    stack.push(id)
    onStack.add(id)
    const reads = graph.get(id)?.reads ?? new Set<string>()
    for (const next of reads) {
      if (!index.has(next)) {
        connect(next)
        low.set(id, Math.min(low.get(id) as number, low.get(next) as number))
      } else if (onStack.has(next)) {
        low.set(id, Math.min(low.get(id) as number, index.get(next) as number))
      }
    }
    if (low.get(id) !== index.get(id)) return
    const component: string[] = []
    let member: string | undefined
    do {
      member = stack.pop() as string
      onStack.delete(member)
      component.push(member)
    } while (member !== id)
    if (component.length > 1 || reads.has(id)) for (const m of component) circular.add(m)
  }
  for (const id of graph.keys()) if (!index.has(id)) connect(id)
  return circular
}
