/**
 * What a screen adds beside a fiche's fields without owning the renderers: content under a top-level
 * item's control (the editor's queries and prefill marks) and the item to bring into view (its section
 * opens). Controls mark their wrapper with `data-item` so the screen can scroll to and focus the field.
 */
import { createContext, type ReactNode, useContext } from 'react'

export interface FieldAnnotations {
  /** Content shown under the control of a top-level item (nothing for nested paths). */
  render?: ((item: string) => ReactNode) | undefined
  /** The item to bring into view; a new `nonce` asks again for the same item. */
  focus?: { item: string; nonce: number } | undefined
}

const NONE: FieldAnnotations = {}

export const FieldAnnotationsContext = createContext<FieldAnnotations>(NONE)

export const useFieldAnnotations = () => useContext(FieldAnnotationsContext)

/** The attribute value for a control's wrapper: the item for a top-level path, none for nested ones. */
export const itemOfPath = (path: string | undefined) => (path && !path.includes('.') ? path : undefined)

/** The screen's content for a top-level item, if any. */
export function FieldExtras({ path }: { path: string | undefined }) {
  const { render } = useFieldAnnotations()
  const item = itemOfPath(path)
  if (!render || !item) return null
  return <>{render(item)}</>
}
