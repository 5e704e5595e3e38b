/**
 * How long a session lives (idle and absolute limits) and where the current time comes from: a clock
 * passed down explicitly, so that expiry is tested without waiting.
 */

export interface SessionPolicy {
  /** Sliding: a session unused for this long is over (PGSSI-S: a short idle timeout). */
  readonly idleSeconds: number
  /** Fixed: however active, a session ends this long after sign-in. */
  readonly absoluteSeconds: number
}

export type Clock = () => Date

export const systemClock: Clock = () => new Date()

export const DEFAULT_SESSION_POLICY: SessionPolicy = Object.freeze({
  idleSeconds: 30 * 60,
  absoluteSeconds: 12 * 3600,
})

export const addSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000)
