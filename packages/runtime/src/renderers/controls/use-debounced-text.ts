/**
 * Local text state for an input, committed to JSON Forms on a 250 ms debounce and on blur (stack notes
 * §1.3): typing re-renders this input only; the form's state, validation and the other controls see one
 * change per pause. A value arriving from outside (a merge, a reload) replaces the text unless the user
 * is in the middle of typing.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Parsed } from '../french-format.ts'

export const COMMIT_DELAY_MS = 250

export interface DebouncedText {
  text: string
  /** A parse error of the text as typed (the stored value is left as it was). */
  localError: string | undefined
  onTextChange: (text: string) => void
  /** Commit now (blur, Enter). */
  flush: () => void
}

export function useDebouncedText<T>(
  value: unknown,
  format: (value: unknown) => string,
  parse: (text: string) => Parsed<T>,
  commit: (value: T | undefined) => void,
): DebouncedText {
  const [text, setText] = useState(() => format(value))
  const [localError, setLocalError] = useState<string>()
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  const pending = useRef<string | undefined>(undefined)
  const lastCommitted = useRef<unknown>(value)
  const latest = useRef({ parse, commit })
  latest.current = { parse, commit }

  const flush = useCallback(() => {
    clearTimeout(timer.current)
    timer.current = undefined
    const typed = pending.current
    if (typed === undefined) return
    pending.current = undefined
    const parsed = latest.current.parse(typed)
    if ('error' in parsed) {
      setLocalError(parsed.error)
      return
    }
    setLocalError(undefined)
    if (parsed.value !== lastCommitted.current) {
      lastCommitted.current = parsed.value
      latest.current.commit(parsed.value)
    }
  }, [])

  const onTextChange = useCallback(
    (next: string) => {
      setText(next)
      pending.current = next
      clearTimeout(timer.current)
      timer.current = setTimeout(flush, COMMIT_DELAY_MS)
    },
    [flush],
  )

  // A new value from outside while nothing is pending: show it.
  useEffect(() => {
    if (pending.current !== undefined || value === lastCommitted.current) return
    lastCommitted.current = value
    setText(format(value))
    setLocalError(undefined)
  }, [value, format])

  // Unmounting (changing section, leaving the page) commits what was typed.
  useEffect(() => flush, [flush])

  return { text, localError, onTextChange, flush }
}
