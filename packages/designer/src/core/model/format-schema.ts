/**
 * The JSON Schema of the template format, generated from the zod model, for editor autocompletion
 * (`# yaml-language-server: $schema=…` at the top of a template file).
 */
import { z } from 'zod'
import { Template } from './template-schema.ts'

export function templateFormatJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(Template, { target: 'draft-7', unrepresentable: 'any' }),
    $id: 'https://openput.fr/schemas/template-v1.json',
    title: 'Modèle de PUT OpenPUT (format 1)',
  }
}
