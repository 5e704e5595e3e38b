/**
 * The fiche editor's context around its fields: bringing a field into view (`/fiches/{id}?field=<item>`,
 * the queries inbox and the dashboard link that way), the lab's open queries shown under the field they
 * concern and answered there, and values prefilled from the AAC marked until the user confirms them (C8.1).
 */
import { useJsonForms } from '@jsonforms/react'
import { useCallback, useEffect, useState } from 'react'
import type { FicheData, FicheDefinition } from '../api/types.ts'
import { fieldLabel } from './display-value.ts'

export type FocusRequest = { item: string; nonce: number }

/** Up to this many frames for the field's section to render before saying the field is not shown. */
const FOCUS_FRAMES = 30

const FOCUSABLE =
  'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])'

function bringIntoView(element: HTMLElement) {
  element.scrollIntoView({ block: 'center' })
  const input = element.querySelector<HTMLElement>(FOCUSABLE)
  if (input) {
    input.focus({ preventScroll: true })
    return
  }
  // A read-only group of choices has no enabled input: the group itself takes the focus.
  element.tabIndex = -1
  element.focus({ preventScroll: true })
}

/**
 * The field to bring into view: its section opens (the categorization layout reads the request), then
 * the control is scrolled to and focused. `missing` names an item that is not shown (its condition does
 * not hold, or the fiche has no such item).
 */
export function useFieldFocus(requested: string | null) {
  const [focus, setFocus] = useState<FocusRequest>()
  const [missing, setMissing] = useState<string>()
  const goTo = useCallback((item: string) => setFocus((f) => ({ item, nonce: (f?.nonce ?? 0) + 1 })), [])
  useEffect(() => {
    if (requested) goTo(requested)
  }, [requested, goTo])
  useEffect(() => {
    if (!focus) return
    let frames = 0
    let handle = 0
    const attempt = () => {
      const element = document.querySelector<HTMLElement>(`[data-item="${CSS.escape(focus.item)}"]`)
      if (element) {
        setMissing(undefined)
        bringIntoView(element)
      } else if (++frames < FOCUS_FRAMES) {
        handle = requestAnimationFrame(attempt)
      } else {
        setMissing(focus.item)
      }
    }
    handle = requestAnimationFrame(attempt)
    return () => cancelAnimationFrame(handle)
  }, [focus])
  return { focus, goTo, missing }
}

/** JSON with sorted keys: the server's comparison of a prefilled value with the current one. */
const canonical = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )

/** A prefilled value still as proposed: the user confirms it; a changed or removed one is their own entry. */
export const stillAsPrefilled = (data: FicheData, item: string, value: unknown) =>
  item in data && data[item] !== undefined && canonical(data[item]) === canonical(value)

export const PREFILL_TEXT = 'Prérempli depuis l’AAC'

/** Under a prefilled field: its state, and the confirmation while the value is still as proposed. */
export function PrefillNote(props: {
  item: string
  label: string
  value: unknown
  confirmed: boolean
  canConfirm: boolean
  busy: boolean
  onConfirm: (item: string) => void
}) {
  const current = useJsonForms().core?.data as FicheData | undefined
  const pending = !props.confirmed && stillAsPrefilled(current ?? {}, props.item, props.value)
  if (props.confirmed) {
    return <p className="prefill-note prefill-confirmed">{PREFILL_TEXT} — valeur confirmée.</p>
  }
  if (!pending) {
    return <p className="prefill-note">{PREFILL_TEXT} — modifié depuis : votre saisie.</p>
  }
  return (
    <div className="prefill-note prefill-pending">
      <p>{PREFILL_TEXT} — à confirmer.</p>
      {props.canConfirm && (
        <button type="button" disabled={props.busy} onClick={() => props.onConfirm(props.item)}>
          {props.busy ? 'Confirmation…' : `Confirmer « ${props.label} »`}
        </button>
      )}
    </div>
  )
}

/** A list of fields, each with a button that brings it into view. */
export function FieldLinks(props: {
  items: string[]
  definition: FicheDefinition
  goTo: (item: string) => void
  suffix?: (item: string) => string
}) {
  return (
    <ul className="field-links">
      {props.items.map((item) => (
        <li key={item}>
          <button type="button" className="link-button" onClick={() => props.goTo(item)}>
            Aller au champ « {fieldLabel(props.definition, item)} »
          </button>
          {props.suffix?.(item)}
        </li>
      ))}
    </ul>
  )
}
