/**
 * A laid-out fiche → its JSON Forms UI schema: one Group (or Category, for long fiches) per section,
 * one Control per item, widget hints in `options`, and SHOW rules built from the schema's predicates.
 */
import type { ColumnItem, Fiche, Item, Widget } from '../model/template-schema.ts'
import { compileCondition } from './conditions.ts'
import type { LaidOutElement, LaidOutSection } from './fiche-layout.ts'
import type { JsonSchema, UiSchema } from './types.ts'

/** Above this many items, a multi-section fiche is split into categories (one section on screen at a time). */
export const CATEGORIZE_ABOVE = 12

/** `relevance`: each conditional item's predicate, the very object the schema uses as its `if`. */
export function ficheUiSchema(
  fiche: Fiche,
  sections: LaidOutSection[],
  relevance: Record<string, JsonSchema>,
): UiSchema {
  const itemCount = sections.reduce((n, s) => n + s.elements.filter((e) => e.kind === 'item').length, 0)
  const layout = fiche.layout ?? 'auto'
  const categorize =
    layout === 'categories' || (layout === 'auto' && sections.length > 1 && itemCount > CATEGORIZE_ABOVE)
  const groups = sections.map(({ section, elements }) => ({
    type: categorize ? 'Category' : 'Group',
    label: section.title,
    i18n: `section.${section.id}`,
    elements: [
      ...(section.description ? [{ type: 'Label', text: section.description }] : []),
      ...elements.map((element) => elementUiSchema(element, relevance)),
    ],
    ...ruleOf(section.when ? compileCondition(section.when) : undefined),
  }))
  return categorize
    ? { type: 'Categorization', elements: groups }
    : { type: 'VerticalLayout', elements: groups }
}

function elementUiSchema(laidOut: LaidOutElement, relevance: Record<string, JsonSchema>): UiSchema {
  if (laidOut.kind === 'note') return { type: 'Label', text: laidOut.note }
  const { item, element } = laidOut
  return control(item, item.id, element.widget, element.readOnly ?? false, relevance[item.id])
}

function control(
  item: Item | ColumnItem,
  i18n: string,
  widget: Widget | undefined,
  readOnly: boolean,
  visibleWhen: JsonSchema | undefined,
): UiSchema {
  const options: Record<string, unknown> = {
    ...widgetOptions(item, widget),
    ...(readOnly ? { readonly: true } : {}),
  }
  if ('columns' in item && item.columns) {
    // Row layout for list renderers; a column's rule is scoped to its own row.
    options.detail = {
      type: 'VerticalLayout',
      elements: item.columns.map((column) =>
        control(
          column,
          `${i18n}.${column.id}`,
          undefined,
          false,
          column.when ? compileCondition(column.when) : undefined,
        ),
      ),
    }
  }
  return {
    type: 'Control',
    scope: `#/properties/${item.id}`,
    i18n,
    ...(Object.keys(options).length > 0 ? { options } : {}),
    ...ruleOf(visibleWhen),
  }
}

/** Hints for the renderers: which widget, and what the schema cannot say (unit, decimals, date bounds). */
function widgetOptions(item: Item | ColumnItem, widget: Widget | undefined): Record<string, unknown> {
  const options: Record<string, unknown> = {}
  if (widget === 'radio') options.format = 'radio'
  else if (widget === 'toggle') options.toggle = true
  else if (widget === 'checkboxes' || (item.type === 'multiple-choice' && widget !== 'select')) {
    options.format = 'checkboxes'
  } else if (item.type === 'yes-no') options.format = 'yes-no'
  else if (item.type === 'month-year') options.format = 'month-year'
  else if (item.format) options.format = item.format
  if (widget === 'textarea' || (item.type === 'long-text' && widget !== 'input')) options.multi = true
  if (item.unit) options.unit = item.unit
  if (item.decimals !== undefined) options.decimals = item.decimals
  if (item.minDate) options.minDate = item.minDate
  if (item.maxDate) options.maxDate = item.maxDate
  return options
}

function ruleOf(condition: JsonSchema | undefined) {
  return condition ? { rule: { effect: 'SHOW', condition: { scope: '#', schema: condition } } } : {}
}
