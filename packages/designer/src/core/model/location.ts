/**
 * Where something is in a template file. Model errors, check findings and diff changes all point at
 * a YAML location so that a lab user can open the file at the right line.
 */
export type Path = (string | number)[]

export interface SourceLocation {
  file: string
  /** 1-based; 0 when the template did not come from a file (e.g. JSON posted to the API). */
  line: number
  column: number
  path: Path
}

/** `catalogue[0].items[3].options` — the path as a lab user reads it. */
export function formatPath(path: Path): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key),
    '',
  )
}

export function formatLocation(at: SourceLocation): string {
  const place = at.line > 0 ? `${at.file}:${at.line}:${at.column}` : at.file
  return at.path.length > 0 ? `${place} (${formatPath(at.path)})` : place
}
