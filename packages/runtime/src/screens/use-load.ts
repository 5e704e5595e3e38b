/** Loading data for a screen: the value, a French error, and a reload; stale answers are ignored. */
import { useCallback, useEffect, useState } from 'react'
import { ApiError } from '../api/index.ts'

export type Loaded<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; value: T }

export const errorMessage = (error: unknown) =>
  error instanceof ApiError ? error.userMessage : 'Une erreur inattendue s’est produite.'

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' })
  const [generation, setGeneration] = useState(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what `load` reads
  useEffect(() => {
    let live = true
    load().then(
      (value) => live && setState({ status: 'ready', value }),
      (error: unknown) => live && setState({ status: 'error', message: errorMessage(error) }),
    )
    return () => {
      live = false
    }
  }, [...deps, generation])
  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return [state, reload]
}
