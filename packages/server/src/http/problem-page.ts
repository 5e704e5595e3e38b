/**
 * A refused sign-in shown to a person: the same French problem as the API's, as a small HTML page with a
 * way back in. API clients (no text/html in Accept) get the problem document instead.
 */
import type { Context } from 'hono'
import { html } from 'hono/html'
import type { Problem } from '../errors.ts'
import { respondWithProblem, toProblemDocument } from './problem-json.ts'

export function problemPage(c: Context, p: Problem) {
  if (!(c.req.header('accept') ?? '').includes('text/html')) return respondWithProblem(c, p)
  const doc = toProblemDocument(p)
  const page = html`<!doctype html>
<html lang="fr">
  <head><meta charset="utf-8"><title>${doc.title} — OpenPUT</title></head>
  <body>
    <main>
      <h1>${doc.title}</h1>
      <p>${doc.detail}</p>
      <p><a href="/auth/login">Se connecter</a> · <a href="/">Accueil</a></p>
      <p><small>Code : ${doc.code}</small></p>
    </main>
  </body>
</html>`
  return c.html(page, p.status as 400)
}
