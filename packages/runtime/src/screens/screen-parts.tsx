/**
 * Pieces every records screen uses: a heading that takes the focus when the screen opens (screen readers
 * announce the new page), the loading and error states, and the "choose a programme first" notice.
 */
import { type ReactNode, useEffect, useRef } from 'react'
import './screens.css'
import type { Loaded } from './use-load.ts'

export function ScreenHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    ref.current?.focus()
  }, [])
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  )
}

/** Renders `children(value)` once loaded; a status line while loading, an alert on error. */
export function LoadedView<T>({
  state,
  what,
  children,
}: {
  state: Loaded<T>
  what: string
  children: (value: T) => ReactNode
}) {
  if (state.status === 'loading') return <p role="status">Chargement {what}…</p>
  if (state.status === 'error') {
    return (
      <p className="notice error" role="alert">
        {state.message}
      </p>
    )
  }
  return <>{children(state.value)}</>
}

export function ChooseProgrammeFirst() {
  return <p className="notice">Choisissez d’abord un programme dans l’en-tête.</p>
}
