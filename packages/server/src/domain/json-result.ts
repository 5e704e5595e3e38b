/**
 * Domain results are plain JSON (dates as ISO strings), so a replayed idempotent request returns exactly
 * what the first one returned.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

export const iso = (value: Date | string) => (value instanceof Date ? value.toISOString() : value)
