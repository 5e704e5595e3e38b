/**
 * A small seeded PRNG (mulberry32) and calendar-date helpers for the volume generator. Each patient gets
 * its own generator seeded from (run seed, programme, patient index), so the data does not depend on the
 * order in which concurrent workers happen to run.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number
  chance(p: number): boolean
  pick<T>(values: readonly T[]): T
}

export function rng(seed: number): Rng {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (values) => values[int(0, values.length - 1)]!,
  }
}

/** FNV-1a of the parts: a stable 32-bit seed from names and numbers. */
export function seedOf(...parts: (string | number)[]): number {
  let h = 0x811c9dc5
  for (const char of parts.join('\u0000')) {
    h ^= char.charCodeAt(0)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

const DAY_MS = 86_400_000

/** `date` (YYYY-MM-DD) plus `days` (negative: before). */
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)

export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)

/** ISO 8601 durations of schedules (`P1M`, `P14D`, `P1Y6M`, `P2W`) added to a date, months calendar-wise. */
export function addDuration(date: string, duration: string, sign: 1 | -1 = 1): string {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(duration)
  if (!m) throw new Error(`unsupported duration ${duration}`)
  const [, y = '0', mo = '0', w = '0', d = '0'] = m
  const at = new Date(`${date}T00:00:00Z`)
  at.setUTCMonth(at.getUTCMonth() + sign * (Number(y) * 12 + Number(mo)))
  at.setUTCDate(at.getUTCDate() + sign * (Number(w) * 7 + Number(d)))
  return at.toISOString().slice(0, 10)
}
