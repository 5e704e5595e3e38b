/**
 * CSRF defence for the cookie-authenticated JSON API: every write must be `application/json` (a cross-site
 * page cannot send that without a CORS preflight, which we never grant), and a browser that says the
 * request is cross-site, or from another origin, is refused outright.
 */
import { createMiddleware } from 'hono/factory'
import { problem } from '../../errors.ts'

const SAFE = /^(GET|HEAD|OPTIONS)$/
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

export const jsonWrites = (publicOrigin: string) =>
  createMiddleware(async function jsonWrites(c, next) {
    if (SAFE.test(c.req.method)) return next()
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) throw problem('unsupported-media-type')
    const site = c.req.header('sec-fetch-site')
    const origin = c.req.header('origin')
    if ((site && site !== 'same-origin' && site !== 'none') || (origin && origin !== publicOrigin)) {
      throw problem('forbidden', { reason: 'requête venant d’un autre site' })
    }
    return next()
  })
