/**
 * Bearer secrets held by the browser (session and login-binding cookies): 32 random bytes, and the SHA-256
 * hex digest that is all the database ever stores, so a leaked table opens no session.
 */
import { createHash, randomBytes } from 'node:crypto'

export const newToken = () => randomBytes(32).toString('base64url')

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')
