/**
 * The semantic diff of two versions of a PUT template (P2): every change matched by stable id,
 * classified by its impact on data already collected, located in both files and worded in French.
 */
import type { ParsedTemplate } from '../model/parse.ts'
import { diffCatalogue } from './catalogue.ts'
import { classify } from './classification.ts'
import type { Emit } from './compare.ts'
import { diffFiches } from './fiches.ts'
import { changeMessage } from './messages.fr.ts'
import { diffMetadata } from './metadata.ts'
import { diffSchedule } from './schedule.ts'
import { type Change, type ChangeClass, ChangeClasses, type TemplateDiff } from './types.ts'

/**
 * Compares version `a` (before) with version `b` (after). The order of changes is deterministic:
 * metadata and documents, then the catalogue, fiches and schedule, each in the order of version B
 * with removals after.
 * @example diffTemplates(parse(v1).value, parse(v2).value).counts.breaking
 */
export function diffTemplates(a: ParsedTemplate, b: ParsedTemplate): TemplateDiff {
  const changes: Change[] = []
  const emit: Emit = (draft) => {
    const cls = classify(draft)
    const params = draft.params ?? {}
    const change: Change = {
      kind: draft.kind,
      class: cls,
      target: draft.target,
      ...(draft.pathA ? { pathA: draft.pathA, atA: a.locate(draft.pathA) } : {}),
      ...(draft.pathB ? { pathB: draft.pathB, atB: b.locate(draft.pathB) } : {}),
      ...('before' in draft ? { before: draft.before } : {}),
      ...('after' in draft ? { after: draft.after } : {}),
      params,
      message: '',
    }
    change.message = changeMessage(change)
    changes.push(change)
  }
  diffMetadata(a.template, b.template, emit)
  diffCatalogue(a.template, b.template, emit)
  diffFiches(a.template, b.template, emit)
  diffSchedule(a.template, b.template, emit)
  const counts = Object.fromEntries(ChangeClasses.map((c) => [c, 0])) as Record<ChangeClass, number>
  for (const change of changes) counts[change.class] += 1
  return {
    from: { programme: a.template.programme, version: a.template.version },
    to: { programme: b.template.programme, version: b.template.version },
    changes,
    counts,
  }
}

/** True when at least one change may invalidate or re-code data already collected. */
export function hasBreakingChanges(diff: TemplateDiff): boolean {
  return diff.counts.breaking > 0
}
