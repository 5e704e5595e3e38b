/**
 * The YAML file the CLI checks: download it (`openput check` reads the same bytes), or import one as a
 * new revision of the draft.
 */
import { serializeTemplate, type Template } from '@openput/designer'
import { type ChangeEvent, useId, useState } from 'react'
import { type ApiError, api, type Draft } from './api.ts'

export function YamlPanel(props: {
  draft: Draft
  template: Template | null
  revision: number
  onImported: (draft: Draft) => void
}) {
  const [message, setMessage] = useState<string | null>(null)
  const id = useId()
  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    if (!file) return
    try {
      const next = await api.post<Draft>(`/designer/drafts/${props.draft.id}/import`, {
        yaml: await file.text(),
        revision: props.revision,
      })
      props.onImported(next)
      setMessage(`Fichier importé : révision ${next.revision}, ${next.errorCount} erreur(s).`)
    } catch (e) {
      setMessage((e as ApiError).message)
    }
    event.target.value = ''
  }
  const yaml = props.template ? serializeTemplate(props.template) : props.draft.yaml
  return (
    <div className="editor">
      <section className="card" aria-labelledby={`${id}-export`}>
        <h2 id={`${id}-export`}>Exporter</h2>
        <p>
          <a href={`/api/designer/drafts/${props.draft.id}/yaml`} download>
            Télécharger le modèle YAML enregistré
          </a>{' '}
          — c’est le fichier que vérifie <code>openput check</code>.
        </p>
        <label htmlFor={`${id}-texte`}>Modèle YAML (lecture seule)</label>
        <textarea id={`${id}-texte`} readOnly rows={16} value={yaml} className="yaml" />
      </section>
      {props.draft.state === 'draft' && (
        <section className="card" aria-labelledby={`${id}-import`}>
          <h2 id={`${id}-import`}>Importer</h2>
          <label htmlFor={`${id}-fichier`}>Fichier YAML à importer (remplace le brouillon)</label>
          <input
            id={`${id}-fichier`}
            type="file"
            accept=".yaml,.yml,application/yaml,text/yaml"
            onChange={importFile}
          />
        </section>
      )}
      {message && <p role="status">{message}</p>}
    </div>
  )
}
