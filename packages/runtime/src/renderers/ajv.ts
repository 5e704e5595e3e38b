/**
 * The browser's ajv for JSON Forms: one instance for the whole app (ajv caches compiled schemas by object
 * identity), configured the JSON Forms way (allErrors, verbose, not strict) plus ajv-formats.
 * ajv compiles with `new Function`: the server's CSP allows 'unsafe-eval' for that (stack notes §1.2).
 */
import Ajv from 'ajv'
import addFormats from 'ajv-formats'

let shared: Ajv | undefined

export function createFormAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, addUsedSchema: false })
  addFormats(ajv)
  return ajv
}

/** The app-wide instance: pass it to every <JsonForms> so schemas compile once per page. */
export function formAjv(): Ajv {
  shared ??= createFormAjv()
  return shared
}
