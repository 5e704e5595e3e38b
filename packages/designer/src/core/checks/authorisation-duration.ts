/**
 * P4: an AAC decision states a treatment duration of one day to one year; a CPC lasts three years. The
 * template of an AAC or a CPC states that duration (`metadata.authorisationDuration`) within those bounds.
 */
import type { Template } from '../model/template-schema.ts'
import type { Check, Hit } from './types.ts'

/** An ISO 8601 duration (`P1Y6M`, `P14D`) as calendar months and days; undefined when not one. */
export function durationParts(duration: string): { months: number; days: number } | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(duration)
  if (!m || duration === 'P') return undefined
  const [y, mo, w, d] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number]
  return { months: y * 12 + mo, days: w * 7 + d }
}

/**
 * Whether a duration never exceeds one year, whatever the day it starts on: months count 28 to 31 days,
 * so `P12M` and `P365D` fit, `P366D` and `P11M32D` do not.
 */
export function atMostOneYear({ months, days }: { months: number; days: number }): boolean {
  return months * 31 + days <= 365 || (months <= 12 && days <= (12 - months) * 28)
}

const isAtLeastOneDay = ({ months, days }: { months: number; days: number }) => months > 0 || days > 0

/** What each framework allows, and how the message states it. */
const RULES = {
  aac: {
    fits: (p: { months: number; days: number }) => isAtLeastOneDay(p) && atMostOneYear(p),
    text: 'P1D à P1Y',
  },
  // A CPC lasts three years (renewable): `P3Y` or `P36M`.
  cpc: { fits: (p: { months: number; days: number }) => p.months === 36 && p.days === 0, text: 'P3Y' },
} as const

export const authorisationDuration: Check = (template: Template) => {
  const { framework, authorisationDuration: duration } = template.metadata
  if (framework !== 'aac' && framework !== 'cpc') return []
  const rule = RULES[framework]
  if (!duration) {
    return [{ path: ['metadata', 'framework'], params: { reason: 'missing', framework, bounds: rule.text } }]
  }
  const parts = durationParts(duration)
  if (parts && rule.fits(parts)) return []
  const hit: Hit = {
    path: ['metadata', 'authorisationDuration'],
    params: { reason: 'out-of-bounds', framework, duration, bounds: rule.text },
  }
  return [hit]
}
