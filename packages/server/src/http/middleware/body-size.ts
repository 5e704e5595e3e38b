/**
 * Body-size limit for the routes that take a body, answering 413 as a problem document. Mounted per
 * route, not globally: hono's bodyLimit reads the raw body and slows every other request.
 */
import { bodyLimit } from 'hono/body-limit'
import { problem } from '../../errors.ts'

export const limitBody = (maxBytes: number) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw problem('payload-too-large', { maxBytes })
    },
  })
