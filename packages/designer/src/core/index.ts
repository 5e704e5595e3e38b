/**
 * @openput/designer core: the pure heart shared by the CLI, the designer UI and the server. No I/O:
 * text and plain objects in, plain data out.
 */

export { atMostOneYear, durationParts } from './checks/authorisation-duration.ts'
export * from './checks/run.ts'
export * from './checks/types.ts'
export * from './compile/ajv.ts'
export * from './compile/canonical-json.ts'
export * from './compile/choices.ts'
export * from './compile/compile.ts'
export * from './compile/types.ts'
export * from './diff/diff.ts'
export * from './diff/types.ts'
export * from './edit/check-text.ts'
export * from './edit/condition-words.ts'
export * from './edit/item-table.ts'
export * from './edit/new-template.ts'
export * from './edit/template-edits.ts'
export * from './model/access-matrix.ts'
export * from './model/catalogue.ts'
export * from './model/format-schema.ts'
export * from './model/location.ts'
export * from './model/parse.ts'
export * from './model/prefill.ts'
export * from './model/serialize.ts'
export * from './model/template-schema.ts'
export * from './report/report.ts'
