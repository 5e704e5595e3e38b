/**
 * Typed-in values: text (one line or several), numbers with a decimal comma, French dates (JJ/MM/AAAA,
 * stored ISO) and months (MM/AAAA). All keep the text locally and commit on a pause or on blur.
 */
import type { ControlProps } from '@jsonforms/core'
import { memo, useCallback } from 'react'
import {
  formatIsoDate,
  formatMonthYear,
  formatNumber,
  type Parsed,
  parseFrenchDate,
  parseMonthYear,
  parseNumber,
} from '../french-format.ts'
import { ControlFrame, showsAllErrors } from './control-frame.tsx'
import { useDebouncedText } from './use-debounced-text.ts'

type InputKind = 'text' | 'textarea' | 'number' | 'integer' | 'date' | 'month-year'

const asText = (value: unknown) => (typeof value === 'string' ? value : value == null ? '' : String(value))
const parseText = (text: string): Parsed<string> => ({ value: text === '' ? undefined : text })

/** Hints for phones' keyboards and autofill, from the uischema's `format` option. */
const INPUT_HINTS: Record<string, { type?: string; inputMode?: 'numeric' | 'tel' | 'email' | 'decimal' }> = {
  rpps: { inputMode: 'numeric' },
  finess: {},
  phone: { type: 'tel', inputMode: 'tel' },
  email: { type: 'email', inputMode: 'email' },
}

const PLACEHOLDERS: Partial<Record<InputKind, string>> = { date: 'JJ/MM/AAAA', 'month-year': 'MM/AAAA' }

function kindOf(props: ControlProps): InputKind {
  const options = props.uischema.options ?? {}
  if (options.format === 'month-year') return 'month-year'
  if (props.schema.format === 'date') return 'date'
  if (props.schema.type === 'integer') return 'integer'
  if (props.schema.type === 'number') return 'number'
  return options.multi ? 'textarea' : 'text'
}

function codec(kind: InputKind, decimals: number | undefined) {
  switch (kind) {
    case 'date':
      return { format: formatIsoDate, parse: parseFrenchDate }
    case 'month-year':
      return { format: formatMonthYear, parse: parseMonthYear }
    case 'integer':
      return { format: formatNumber, parse: (t: string) => parseNumber(t, { integer: true }) }
    case 'number':
      return { format: formatNumber, parse: (t: string) => parseNumber(t, { decimals }) }
    default:
      return { format: asText, parse: parseText }
  }
}

const CODECS = new Map<string, ReturnType<typeof codec>>()
const codecFor = (kind: InputKind, decimals: number | undefined) => {
  const key = `${kind}:${decimals ?? ''}`
  let c = CODECS.get(key)
  if (!c) {
    c = codec(kind, decimals)
    CODECS.set(key, c)
  }
  return c
}

function TypedInputControl(props: ControlProps) {
  const { data, path, handleChange, visible, enabled, uischema, schema } = props
  const options = uischema.options ?? {}
  const kind = kindOf(props)
  const { format, parse } = codecFor(kind, options.decimals as number | undefined)
  const commit = useCallback((value: unknown) => handleChange(path, value), [handleChange, path])
  const field = useDebouncedText(data, format, parse, commit)
  if (!visible) return null
  const hints = INPUT_HINTS[String(options.format)] ?? {}
  const numeric = kind === 'number' || kind === 'integer' || kind === 'date' || kind === 'month-year'
  return (
    <ControlFrame
      label={props.label}
      description={props.description}
      required={props.required}
      errors={props.errors}
      localError={field.localError}
      unit={options.unit as string | undefined}
      showAllErrors={showsAllErrors(props.config)}
      path={path}
      className={`control-${kind}${kind === 'text' && (schema.maxLength ?? 999) <= 20 ? ' control-short' : ''}`}
    >
      {(ids, touch, invalid) => {
        const common = {
          id: ids.input,
          value: field.text,
          readOnly: !enabled,
          'aria-describedby': ids.describedBy,
          'aria-invalid': invalid || undefined,
          'aria-required': props.required || undefined,
          onBlur: () => {
            field.flush()
            touch()
          },
        }
        if (kind === 'textarea') {
          return (
            <textarea
              {...common}
              rows={3}
              maxLength={schema.maxLength}
              onChange={(e) => field.onTextChange(e.target.value)}
            />
          )
        }
        return (
          <input
            {...common}
            type={hints.type ?? 'text'}
            inputMode={hints.inputMode ?? (kind === 'integer' ? 'numeric' : numeric ? 'decimal' : undefined)}
            placeholder={PLACEHOLDERS[kind]}
            maxLength={kind === 'text' ? schema.maxLength : undefined}
            size={numeric ? 12 : undefined}
            autoComplete="off"
            onChange={(e) => field.onTextChange(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') field.flush()
            }}
          />
        )
      }}
    </ControlFrame>
  )
}

export const TypedInput = memo(TypedInputControl)
