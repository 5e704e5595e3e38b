/**
 * A generated 300-field fiche shaped like the compiler's output (draft-07 schema, uischema with one group
 * or category per section, French i18n), with the item kinds both renderer sets can show: text, long
 * text, integer, decimal, date, yes/no, single choice as radio buttons and as a list box.
 */
export const SECTIONS = 15
export const PER_SECTION = 20
export const FIELD_COUNT = SECTIONS * PER_SECTION

const KINDS = ['text', 'integer', 'decimal', 'date', 'yes-no', 'radio', 'select', 'long-text'] as const
type Kind = (typeof KINDS)[number]

export const fieldId = (n: number) => `f${n}`
export const fieldLabel = (n: number) => `Champ n° ${n}`
export const kindOf = (n: number): Kind => KINDS[n % KINDS.length]!

function property(n: number): Record<string, unknown> {
  switch (kindOf(n)) {
    case 'text':
      return { type: 'string', maxLength: 200 }
    case 'long-text':
      return { type: 'string', maxLength: 2000 }
    case 'integer':
      return { type: 'integer', minimum: 0, maximum: 1000 }
    case 'decimal':
      return { type: 'number', minimum: 0, maximum: 1000 }
    case 'date':
      return { type: 'string', format: 'date', maxLength: 10 }
    case 'yes-no':
      return { type: 'boolean' }
    default:
      return { type: 'string', enum: ['a', 'b', 'c', 'd'] }
  }
}

function options(n: number): Record<string, unknown> | undefined {
  switch (kindOf(n)) {
    case 'radio':
      return { format: 'radio' }
    case 'yes-no':
      return { format: 'yes-no' }
    case 'long-text':
      return { multi: true }
    default:
      return undefined
  }
}

export function generatedFiche(layout: 'groups' | 'categories') {
  const properties: Record<string, unknown> = {}
  const i18n: Record<string, string> = {}
  const sections = []
  for (let s = 0; s < SECTIONS; s++) {
    const elements = []
    for (let i = 0; i < PER_SECTION; i++) {
      const n = s * PER_SECTION + i
      const id = fieldId(n)
      properties[id] = { title: fieldLabel(n), ...property(n) }
      i18n[`${id}.label`] = fieldLabel(n)
      for (const code of ['a', 'b', 'c', 'd']) i18n[`${id}.${code}`] = `Option ${code.toUpperCase()}`
      const opts = options(n)
      elements.push({
        type: 'Control',
        scope: `#/properties/${id}`,
        i18n: id,
        ...(opts ? { options: opts } : {}),
      })
    }
    i18n[`section.s${s}.label`] = `Section ${s + 1}`
    sections.push({
      type: layout === 'categories' ? 'Category' : 'Group',
      label: `Section ${s + 1}`,
      i18n: `section.s${s}`,
      elements,
    })
  }
  return {
    schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties,
      required: [fieldId(0), fieldId(1)],
      additionalProperties: false,
    },
    uischema: { type: layout === 'categories' ? 'Categorization' : 'VerticalLayout', elements: sections },
    i18n,
  }
}
