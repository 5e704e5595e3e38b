/**
 * Test-only loader for the compile tests: the minimal fixture, every template under put-templates/
 * (whatever other work has put there so far), and a one-fiche template built around given items.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { parseTemplate } from '../src/core/model/parse.ts'
import type { Item, ItemElement, Section, Template } from '../src/core/model/template-schema.ts'

const minimalUrl = new URL('./fixtures/minimal.yaml', import.meta.url)
const templatesUrl = new URL('../../../put-templates/', import.meta.url)

export function loadMinimal(): Template {
  return parseOrThrow(readFileSync(minimalUrl, 'utf8'), 'minimal.yaml')
}

/** Every put-templates/**\/*.yaml that parses; the parse and check suites report the others. */
export function loadPutTemplates(): { file: string; template: Template }[] {
  let files: string[]
  try {
    files = readdirSync(templatesUrl, { recursive: true, encoding: 'utf8' })
  } catch {
    return []
  }
  return files
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((file) => {
      const result = parseTemplate(readFileSync(new URL(file, templatesUrl), 'utf8'), file)
      return result.ok ? [{ file, template: result.value.template }] : []
    })
}

/** The minimal template reduced to one fiche holding `items` (in one catalogue group) in one section. */
export function templateWith(
  items: Item[],
  options: { elements?: ItemElement[]; section?: Partial<Section> } = {},
) {
  const base = loadMinimal()
  const section: Section = {
    id: 'section_test',
    title: 'Section de test',
    elements: options.elements ?? items.map((item) => ({ item: item.id })),
    ...options.section,
  }
  const template: Template = {
    ...base,
    catalogue: [{ id: 'groupe_test', title: 'Groupe de test', items }],
    fiches: [{ id: 'fiche_test', kind: 'autre', title: 'Fiche de test', sections: [section] }],
    schedule: undefined,
  }
  return template
}

function parseOrThrow(text: string, file: string): Template {
  const result = parseTemplate(text, file)
  if (!result.ok) throw new Error(`${file}: ${result.errors.map((e) => e.message).join('; ')}`)
  return result.value.template
}
