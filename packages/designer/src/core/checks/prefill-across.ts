/**
 * C8.1 across templates: when the template a fiche prefills from is checked together with it (`openput check
 * aac.yaml aap.yaml`, the shipped-templates test), every equivalence must carry values unchanged. Findings
 * of rule `prefill-reference`, located at the equivalence in the target's file.
 */
import type { ParsedTemplate } from '../model/parse.ts'
import { type PrefillMismatch, prefillMismatches } from '../model/prefill.ts'
import type { Template } from '../model/template-schema.ts'
import { messageFr } from './messages.fr.ts'
import { RULES } from './registry.ts'
import type { LocatedFinding } from './types.ts'

const paramsOf = (m: PrefillMismatch, source: Pick<Template, 'programme' | 'version'>) => ({
  reason: m.reason,
  fiche: m.fiche,
  item: m.item,
  sourceItem: m.sourceItem,
  programme: source.programme,
  version: source.version,
  ...(m.codes ? { codes: m.codes } : {}),
})

/** One mismatch in French, for whoever checks the equivalence without the YAML at hand (publication). */
export const prefillMismatchMessageFr = (
  m: PrefillMismatch,
  source: Pick<Template, 'programme' | 'version'>,
) => messageFr('prefill-reference', paramsOf(m, source))

export function checkPrefillAcross(parsed: readonly ParsedTemplate[]): LocatedFinding[] {
  const { severity, requirements } = RULES['prefill-reference']
  return parsed.flatMap((target) => {
    const { template } = target
    const sources = new Set(template.fiches.flatMap((f) => (f.prefill ?? []).map((p) => p.from.programme)))
    return parsed
      .filter((source) => source !== target && sources.has(source.template.programme))
      .flatMap((source) =>
        prefillMismatches(template, source.template).map((m): LocatedFinding => {
          const f = template.fiches.findIndex((fiche) => fiche.id === m.fiche)
          const s = (template.fiches[f]?.prefill ?? []).findIndex(
            (p) => p.from.programme === source.template.programme && m.item in p.items,
          )
          const path = ['fiches', f, 'prefill', s, 'items', m.item]
          const params = paramsOf(m, source.template)
          return {
            rule: 'prefill-reference',
            severity,
            requirements,
            path,
            params,
            at: target.locate(path),
            message: messageFr('prefill-reference', params),
          }
        }),
      )
  })
}
