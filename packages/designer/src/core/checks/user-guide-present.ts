/**
 * C1.4 and C5.1: the platform integrates a user guide for field users, and that is where they read the
 * access rules. A template without one cannot be published.
 */
import type { Check } from './types.ts'

export const userGuidePresent: Check = (template) => {
  const guide = template.documents?.userGuide
  if (!guide) return [{ path: ['documents', 'userGuide'], params: { reason: 'missing' } }]
  if (guide.content.trim() === '')
    return [{ path: ['documents', 'userGuide', 'content'], params: { reason: 'empty' } }]
  return []
}
