/**
 * The browser's side of a session: `__Host-openput_session` (HttpOnly, Secure, SameSite=Lax, Path=/, no
 * Domain), and `__Host-openput_login`, which binds a pending sign-in to the browser that started it.
 */
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { LOGIN_ATTEMPT_SECONDS } from '../domain/auth/login.ts'

const SESSION = 'openput_session'
const LOGIN = 'openput_login'

// Lax, not Strict: the provider's redirect to /auth/callback is a cross-site top-level navigation that
// must carry the login cookie, and a link into OpenPUT from another site should land signed in.
const base = { prefix: 'host', httpOnly: true, secure: true, sameSite: 'Lax', path: '/' } as const

/** A session cookie without Max-Age: it ends with the browser, and the server enforces the real expiry. */
export const setSessionCookie = (c: Context, token: string) => setCookie(c, SESSION, token, base)
export const readSessionCookie = (c: Context) => getCookie(c, SESSION, 'host')
export const clearSessionCookie = (c: Context) => deleteCookie(c, SESSION, base)

export const setLoginCookie = (c: Context, token: string) =>
  setCookie(c, LOGIN, token, { ...base, maxAge: LOGIN_ATTEMPT_SECONDS })
export const readLoginCookie = (c: Context) => getCookie(c, LOGIN, 'host')
export const clearLoginCookie = (c: Context) => deleteCookie(c, LOGIN, base)

export const SESSION_COOKIE_NAME = `__Host-${SESSION}`
