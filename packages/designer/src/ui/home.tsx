/**
 * The programmes of the lab: published versions and the version in preparation with its state; a new
 * programme starts from an empty template, a new version from the latest published one.
 */
import { Frameworks, newTemplate, nextVersion, parseTemplate, serializeTemplate } from '@openput/designer'
import { type FormEvent, useEffect, useState } from 'react'
import { ApiError, api, type Draft, type ProgrammeEntry, STATE_LABELS } from './api.ts'
import { FRAMEWORK_LABELS } from './labels.ts'
import { draftHref } from './routes.ts'

const today = () => new Date().toISOString().slice(0, 10)

export function Home() {
  const [programmes, setProgrammes] = useState<ProgrammeEntry[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api
      .get<ProgrammeEntry[]>('/designer/programmes')
      .then(setProgrammes, (e: ApiError) => setError(e.message))
  }, [])

  const open = (draft: Draft) => {
    window.location.hash = draftHref(draft.id)
  }

  const startVersion = async (entry: ProgrammeEntry) => {
    setError(null)
    const latest = entry.versions.at(-1)
    if (!latest) return
    try {
      const published = await api.get<{ yaml: string; version: string }>(`/template-versions/${latest.id}`)
      const parsed = parseTemplate(published.yaml)
      if (!parsed.ok) throw new ApiError('model', 0, 'La version publiée ne se relit pas.')
      const major = Number.parseInt(published.version, 10)
      const next = Number.isNaN(major) ? `${published.version}-2` : `${major + 1}.0`
      const yaml = serializeTemplate(nextVersion(parsed.value.template, next, today()))
      open(await api.post<Draft>('/designer/drafts', { yaml }))
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <div className="home">
      <h1>Programmes et versions de modèles</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {programmes === null && !error && <p>Chargement…</p>}
      {programmes && programmes.length === 0 && <p>Aucun programme pour l’instant.</p>}
      {programmes && programmes.length > 0 && (
        <table className="programmes">
          <caption>Programmes du laboratoire</caption>
          <thead>
            <tr>
              <th scope="col">Programme</th>
              <th scope="col">Versions publiées</th>
              <th scope="col">Version en préparation</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {programmes.map((p) => (
              <tr key={p.programme}>
                <th scope="row">
                  {p.name ?? p.programme}
                  <br />
                  <code>{p.programme}</code>
                </th>
                <td>{p.versions.map((v) => `v${v.version} (${v.effectiveDate})`).join(', ') || '—'}</td>
                <td>
                  {p.drafts.map((d) => (
                    <a key={d.id} href={draftHref(d.id)}>
                      v{d.version ?? '?'} — {STATE_LABELS[d.state]}
                      {d.errorCount > 0 ? ` — ${d.errorCount} erreur(s)` : ''}
                    </a>
                  ))}
                  {p.drafts.length === 0 && '—'}
                </td>
                <td>
                  {p.drafts.length === 0 && p.versions.length > 0 && (
                    <button type="button" onClick={() => startVersion(p)}>
                      Nouvelle version de {p.programme}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewProgramme onCreated={open} />
    </div>
  )
}

function NewProgramme({ onCreated }: { onCreated: (draft: Draft) => void }) {
  const [error, setError] = useState<string | null>(null)
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setError(null)
    const form = new FormData(event.currentTarget)
    const text = (name: string) => String(form.get(name) ?? '').trim()
    const template = newTemplate({
      programme: text('programme'),
      medicineName: text('medicineName'),
      dci: text('dci'),
      holder: text('holder'),
      framework: text('framework') as (typeof Frameworks)[number],
      putKind: text('putKind') as 'PUT-RD' | 'PUT-SP',
      effectiveDate: today(),
    })
    try {
      onCreated(await api.post<Draft>('/designer/drafts', { yaml: serializeTemplate(template) }))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <section className="card" aria-labelledby="nouveau-programme">
      <h2 id="nouveau-programme">Nouveau programme</h2>
      <form onSubmit={submit} className="grid-form">
        <label>
          Identifiant du programme
          <input name="programme" required pattern="[a-z][a-z0-9\-]*[a-z0-9]" placeholder="ex. monmab-aap" />
        </label>
        <label>
          Nom du médicament
          <input name="medicineName" required />
        </label>
        <label>
          DCI
          <input name="dci" required />
        </label>
        <label>
          Titulaire
          <input name="holder" required />
        </label>
        <label>
          Cadre
          <select name="framework" defaultValue="aap-pre-amm">
            {Frameworks.map((f) => (
              <option key={f} value={f}>
                {FRAMEWORK_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Type de PUT
          <select name="putKind" defaultValue="PUT-RD">
            <option value="PUT-RD">PUT-RD (accès précoce)</option>
            <option value="PUT-SP">PUT-SP (accès compassionnel, CPC)</option>
          </select>
        </label>
        <button type="submit">Créer le programme</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  )
}
