/**
 * Compares what a template says about the authorisation (medicine, holder, framework, decisions,
 * indications, UCDs, periodicities) and its documents between two versions.
 */
import type { Path } from '../model/location.ts'
import type { Template } from '../model/template-schema.ts'
import { byKey, type Emit, same } from './compare.ts'
import type { ChangeKind, ChangeTarget } from './types.ts'

export function diffMetadata(a: Template, b: Template, emit: Emit): void {
  const [ma, mb] = [a.metadata, b.metadata]
  const field = (kind: ChangeKind, path: Path, before: unknown, after: unknown, params = {}) => {
    if (!same(before, after)) emit({ kind, target: {}, pathA: path, pathB: path, before, after, params })
  }
  for (const key of ['name', 'dci', 'form'] as const) {
    field('medicine-changed', ['metadata', 'medicine', key], ma.medicine[key], mb.medicine[key], {
      field: key,
    })
  }
  field('holder-changed', ['metadata', 'holder'], ma.holder, mb.holder)
  field('operator-changed', ['metadata', 'operator'], ma.operator, mb.operator)
  field('framework-changed', ['metadata', 'framework'], ma.framework, mb.framework)
  field('put-kind-changed', ['metadata', 'putKind'], ma.putKind, mb.putKind)
  field(
    'report-periodicity-changed',
    ['metadata', 'reportPeriodicity'],
    ma.reportPeriodicity,
    mb.reportPeriodicity,
  )
  field(
    'authorisation-duration-changed',
    ['metadata', 'authorisationDuration'],
    ma.authorisationDuration,
    mb.authorisationDuration,
  )
  diffList(emit, ['metadata', 'decisions'], ma.decisions, mb.decisions, {
    key: (d) => d.reference,
    target: (code) => ({ code }),
    label: (d) => `${d.authority} ${d.reference}`,
    kinds: { added: 'decision-added', removed: 'decision-removed' },
    compare: (x, y) => (same(x, y) ? [] : ['decision-changed']),
  })
  diffList(emit, ['metadata', 'indications'], ma.indications, mb.indications, {
    key: (i) => i.id,
    target: (indicationId) => ({ indicationId }),
    label: (i) => i.label,
    kinds: { added: 'indication-added', removed: 'indication-removed' },
    compare: (x, y) => [
      ...(x.label !== y.label ? (['indication-label-changed'] as const) : []),
      ...(x.access !== y.access || x.accessDescription !== y.accessDescription
        ? (['indication-access-changed'] as const)
        : []),
    ],
  })
  diffList(emit, ['metadata', 'ucds'], ma.ucds, mb.ucds, {
    key: (u) => u.code,
    target: (code) => ({ code }),
    label: (u) => u.label,
    kinds: { added: 'ucd-added', removed: 'ucd-removed' },
    compare: (x, y) => (same(x, y) ? [] : ['ucd-changed']),
  })
  diffDocuments(a, b, emit)
}

interface ListRules<T> {
  key: (value: T) => string
  target: (key: string) => ChangeTarget
  label: (value: T) => string
  kinds: { added: ChangeKind; removed: ChangeKind }
  /** The change kinds that apply to an entry present in both versions. */
  compare: (before: T, after: T) => readonly ChangeKind[]
}

function diffList<T>(
  emit: Emit,
  base: Path,
  listA: T[] | undefined,
  listB: T[] | undefined,
  rules: ListRules<T>,
): void {
  const mapA = byKey(listA, rules.key)
  const mapB = byKey(listB, rules.key)
  for (const [key, { value, index }] of mapB) {
    const old = mapA.get(key)
    if (!old) {
      emit({
        kind: rules.kinds.added,
        target: rules.target(key),
        pathB: [...base, index],
        after: value,
        params: { name: rules.label(value) },
      })
      continue
    }
    for (const kind of rules.compare(old.value, value)) {
      emit({
        kind,
        target: rules.target(key),
        pathA: [...base, old.index],
        pathB: [...base, index],
        before: old.value,
        after: value,
        params: { name: rules.label(value), before: rules.label(old.value) },
      })
    }
  }
  for (const [key, { value, index }] of mapA) {
    if (mapB.has(key)) continue
    emit({
      kind: rules.kinds.removed,
      target: rules.target(key),
      pathA: [...base, index],
      before: value,
      params: { name: rules.label(value) },
    })
  }
}

function diffDocuments(a: Template, b: Template, emit: Emit): void {
  const guideA = a.documents?.userGuide
  const guideB = b.documents?.userGuide
  const path: Path = ['documents', 'userGuide']
  const target = { documentId: 'userGuide' }
  if (guideA && !guideB)
    emit({ kind: 'document-removed', target, pathA: path, params: { name: guideA.title } })
  else if (!guideA && guideB)
    emit({ kind: 'document-added', target, pathB: path, params: { name: guideB.title } })
  else if (guideA && guideB && !same(guideA, guideB)) {
    emit({ kind: 'document-changed', target, pathA: path, pathB: path, params: { name: guideB.title } })
  }
  diffList(emit, ['documents', 'resources'], a.documents?.resources, b.documents?.resources, {
    key: (r) => r.id,
    target: (documentId) => ({ documentId }),
    label: (r) => r.title,
    kinds: { added: 'document-added', removed: 'document-removed' },
    compare: (x, y) => (same(x, y) ? [] : ['document-changed']),
  })
}
