/**
 * The renderer and cell sets: JSON Forms' vanilla renderers, with ours ranked above them where the stock
 * ones fall short (stack notes §1.1, §1.3). Module constants: their identity must not change.
 */
import type { JsonFormsCellRendererRegistryEntry, JsonFormsRendererRegistryEntry } from '@jsonforms/core'
import { vanillaCells, vanillaRenderers } from '@jsonforms/vanilla-renderers'

export const openputRenderers: JsonFormsRendererRegistryEntry[] = [...vanillaRenderers]

export const openputCells: JsonFormsCellRendererRegistryEntry[] = [...vanillaCells]
