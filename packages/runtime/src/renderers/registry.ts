/**
 * The renderer and cell sets: JSON Forms' vanilla renderers for layouts and labels, with ours ranked above
 * them for every control a compiled fiche contains (stack notes §1.1, §1.3): debounced inputs, French
 * dates, radio groups, checkbox lists, repeated rows as a list, one section at a time. Module constants:
 * their identity must not change between renders.
 */
import {
  and,
  isBooleanControl,
  isEnumControl,
  isIntegerControl,
  isNumberControl,
  isObjectArrayControl,
  isStringControl,
  type JsonFormsCellRendererRegistryEntry,
  type JsonFormsRendererRegistryEntry,
  type JsonSchema,
  optionIs,
  or,
  rankWith,
  schemaMatches,
  uiTypeIs,
} from '@jsonforms/core'
import {
  withJsonFormsArrayLayoutProps,
  withJsonFormsControlProps,
  withJsonFormsEnumProps,
  withJsonFormsLayoutProps,
  withJsonFormsMultiEnumProps,
} from '@jsonforms/react'
import { vanillaCells, vanillaRenderers } from '@jsonforms/vanilla-renderers'
import { Checkbox, CheckboxList, Radio, Select, YesNo } from './controls/choice-controls.tsx'
import { TypedInput } from './controls/text-controls.tsx'
import { CategorizationLayout } from './layouts/categorization.tsx'
import { ListControl } from './layouts/list-control.tsx'

/** Above every stock renderer (they rank 1–4). */
const RANK = 10

const hasEnumItems = schemaMatches(
  (schema) =>
    schema.type === 'array' &&
    !Array.isArray(schema.items) &&
    Array.isArray((schema.items as JsonSchema | undefined)?.enum),
)

export const openputRenderers: JsonFormsRendererRegistryEntry[] = [
  ...vanillaRenderers,
  {
    tester: rankWith(RANK, or(isStringControl, isNumberControl, isIntegerControl)),
    renderer: withJsonFormsControlProps(TypedInput),
  },
  {
    tester: rankWith(RANK + 1, and(isEnumControl, optionIs('format', 'radio'))),
    renderer: withJsonFormsEnumProps(Radio),
  },
  { tester: rankWith(RANK + 1, isEnumControl), renderer: withJsonFormsEnumProps(Select) },
  {
    tester: rankWith(RANK + 1, and(isBooleanControl, optionIs('format', 'yes-no'))),
    renderer: withJsonFormsControlProps(YesNo),
  },
  { tester: rankWith(RANK, isBooleanControl), renderer: withJsonFormsControlProps(Checkbox) },
  { tester: rankWith(RANK, hasEnumItems), renderer: withJsonFormsMultiEnumProps(CheckboxList) },
  { tester: rankWith(RANK, isObjectArrayControl), renderer: withJsonFormsArrayLayoutProps(ListControl) },
  {
    tester: rankWith(RANK, uiTypeIs('Categorization')),
    renderer: withJsonFormsLayoutProps(CategorizationLayout),
  },
]

export const openputCells: JsonFormsCellRendererRegistryEntry[] = [...vanillaCells]
