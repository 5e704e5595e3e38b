/**
 * C3.3: when one medicine has several indications, the access modality of each (one access shared with
 * the others, or a distinct access) is stated and described for hospital users.
 */
import type { Check, Hit } from './types.ts'

export const indicationAccess: Check = (template) => {
  const { indications } = template.metadata
  if (indications.length < 2) return []
  return indications.flatMap((indication, i): Hit[] => {
    const path = ['metadata', 'indications', i]
    const params = { indication: indication.id, label: indication.label }
    return [
      ...(indication.access ? [] : [{ path, params: { ...params, reason: 'access-missing' } }]),
      ...((indication.accessDescription ?? '').trim() === ''
        ? [{ path, params: { ...params, reason: 'description-missing' } }]
        : []),
    ]
  })
}
