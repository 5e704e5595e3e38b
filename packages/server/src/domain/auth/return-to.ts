/**
 * Where to send the user after signing in: only a path of this application. Anything that a browser could
 * resolve to another origin (`//evil`, `/\evil`, `https://…`, control characters) is refused.
 */
import { problem } from '../../errors.ts'

const BASE = 'http://openput.invalid'

/** The same-origin relative path to return to, `/` when none is given; a problem when unsafe. */
export function safeReturnTo(value: string | undefined): string {
  if (value === undefined || value === '') return '/'
  // Browsers treat a backslash like a slash and drop tabs and newlines before resolving.
  const unsafe =
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.includes('\\') ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
    /[\u0000-\u001f\u007f]/.test(value) ||
    value.length > 2000
  if (!unsafe) {
    const resolved = new URL(value, BASE)
    if (resolved.origin === BASE) return `${resolved.pathname}${resolved.search}${resolved.hash}`
  }
  throw problem('unsafe-return-to', { returnTo: value.slice(0, 200) })
}
