/**
 * C3.3: a programme with several indications declares, per indication, one shared access or a distinct
 * one. The access key of a request or designation is the indication when distinct, null when shared.
 */
import type { Template } from '@openput/designer'
import { problem } from '../../errors.ts'

export function accessKeyFor(template: Pick<Template, 'metadata'>, indicationId: string | undefined) {
  const indications = template.metadata.indications
  if (indicationId !== undefined) {
    const indication = indications.find((i) => i.id === indicationId)
    if (!indication) throw problem('unknown-indication', { indicationId })
    return indication.access === 'distinct' ? indication.id : null
  }
  const distinct = indications.filter((i) => i.access === 'distinct')
  if (distinct.length === 0) return null
  // Only one indication: nothing to choose.
  if (indications.length === 1) return distinct[0]!.id
  throw problem('indication-required', { indications: indications.map((i) => i.id) })
}
