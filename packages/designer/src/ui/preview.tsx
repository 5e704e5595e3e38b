/**
 * Each fiche as hospital users will see it: compiled by the same compiler as the server and rendered by
 * the runtime's own JSON Forms renderers, with sample answers to try the conditions.
 */
import { compileTemplate, parseTemplateObject, type Template } from '@openput/designer'
import { FicheForm } from '@openput/runtime/renderers'
import { useId, useMemo, useState } from 'react'
import { sampleData } from './sample-data.ts'

export function Preview({ template }: { template: Template }) {
  const compiled = useMemo(() => {
    const parsed = parseTemplateObject(template)
    if (!parsed.ok) return null
    try {
      return compileTemplate(parsed.value.template)
    } catch {
      return null
    }
  }, [template])
  const [ficheId, setFicheId] = useState<string | null>(null)
  const [data, setData] = useState<Record<string, unknown>>({})
  const id = useId()
  if (!compiled) {
    return (
      <p role="status">
        L’aperçu apparaîtra quand le modèle aura la forme attendue (voir les erreurs du panneau de contrôles).
      </p>
    )
  }
  const fiche = compiled.fiches.find((f) => f.ficheId === ficheId) ?? compiled.fiches[0]
  if (!fiche) return <p>Aucune fiche à prévisualiser.</p>
  return (
    <div className="preview">
      <div className="row">
        <div className="field">
          <label htmlFor={id}>Fiche à prévisualiser</label>
          <select
            id={id}
            value={fiche.ficheId}
            onChange={(e) => {
              setFicheId(e.target.value)
              setData({})
            }}
          >
            {compiled.fiches.map((f) => (
              <option key={f.ficheId} value={f.ficheId}>
                {f.title}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => setData(sampleData(template, fiche))}>
          Remplir avec des données d’exemple
        </button>
        <button type="button" onClick={() => setData({})}>
          Vider
        </button>
      </div>
      <section className="preview-frame" aria-label={`Aperçu de ${fiche.title}`}>
        <h2>{fiche.title}</h2>
        <FicheForm
          key={fiche.hash}
          schema={fiche.schema}
          uischema={fiche.uischema}
          i18n={fiche.i18n}
          data={data}
          onChange={(next) => setData(next)}
        />
      </section>
    </div>
  )
}
