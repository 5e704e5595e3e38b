/**
 * Batches of a long list read in order with a few reads in flight: Postgres reads the next batches while the
 * caller consumes the current one, and memory holds only those few (the report, the lab's dashboard).
 */
export async function* readAhead<T>(
  count: number,
  batchSize: number,
  ahead: number,
  read: (start: number, end: number) => Promise<T>,
): AsyncGenerator<{ start: number; end: number; batch: T }> {
  const size = Math.max(1, batchSize)
  const load = (start: number) => {
    if (start >= count) return undefined
    const reading = read(start, Math.min(start + size, count))
    // If the caller stops early, an abandoned read must not be an unhandled rejection.
    reading.catch(() => undefined)
    return reading
  }
  const inFlight = Math.max(1, ahead)
  const reads: (Promise<T> | undefined)[] = []
  for (let i = 0; i < inFlight; i++) reads.push(load(i * size))
  for (let start = 0; start < count; start += size) {
    const current = reads.shift()!
    reads.push(load(start + inFlight * size))
    // biome-ignore lint/performance/noAwaitInLoops: a few batches at a time keep memory flat
    yield { start, end: Math.min(start + size, count), batch: await current }
  }
}
