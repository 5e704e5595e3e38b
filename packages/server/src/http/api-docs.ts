/**
 * A self-contained API reference page (no CDN, no external script): it fetches /api/openapi.json and
 * lists each operation with its parameters, body and responses.
 */
import type { Context } from 'hono'

const PAGE = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>OpenPUT — API</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1b1b1b }
h2 { border-bottom: 1px solid #ccc; margin-top: 2rem }
.op { border: 1px solid #ddd; border-radius: 6px; margin: .75rem 0; padding: .5rem .75rem }
.method { display: inline-block; min-width: 4rem; font-weight: 700; text-transform: uppercase }
.get { color: #0a6 } .post { color: #06c } .put { color: #b60 } .delete { color: #c00 }
code, pre { font-family: ui-monospace, monospace; font-size: 13px }
pre { background: #f6f6f6; padding: .5rem; overflow: auto; max-height: 20rem }
details { margin: .25rem 0 }
</style>
</head>
<body>
<h1>OpenPUT — API</h1>
<p>Document OpenAPI 3.1 : <a href="/api/openapi.json">/api/openapi.json</a>.
Identification : session ouverte par <a href="/auth/login?returnTo=/api/docs">/auth/login</a> (Plage / Pro Santé Connect), cookie <code>__Host-openput_session</code>.</p>
<main id="ops">Chargement…</main>
<script>
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])
const json = (v) => '<pre>' + esc(JSON.stringify(v, null, 2)) + '</pre>'
fetch('/api/openapi.json').then((r) => r.json()).then((doc) => {
  const parts = []
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const params = (op.parameters ?? []).map((p) => '<li><code>' + esc(p.name) + '</code> (' + esc(p.in) + (p.required ? ', requis' : '') + ')</li>').join('')
      const body = op.requestBody ? '<details><summary>Corps</summary>' + json(op.requestBody.content) + '</details>' : ''
      const responses = '<details><summary>Réponses : ' + esc(Object.keys(op.responses ?? {}).join(', ')) + '</summary>' + json(op.responses) + '</details>'
      parts.push('<section class="op"><span class="method ' + esc(method) + '">' + esc(method) + '</span> <code>' + esc(path) + '</code> — ' + esc(op.summary ?? '') +
        (op.description ? '<p>' + esc(op.description) + '</p>' : '') + (params ? '<ul>' + params + '</ul>' : '') + body + responses + '</section>')
    }
  }
  document.getElementById('ops').innerHTML = '<h2>Opérations</h2>' + parts.join('') + '<h2>Schémas</h2>' + json(doc.components?.schemas ?? {})
}).catch((e) => { document.getElementById('ops').textContent = 'Impossible de charger le document OpenAPI : ' + e })
</script>
</body>
</html>`

export const apiDocsPage = (c: Context) => c.html(PAGE)
