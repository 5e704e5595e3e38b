/**
 * The fiche editor screen (/fiches/:ficheId): loads the fiche and its compiled definition, then hands
 * them to the editor.
 */
import { useEffect, useState } from 'react'
import { ApiError, type FicheDefinition, type FicheRead, getFiche, getFicheDefinition } from '../api/index.ts'
import type { ScreenProps } from '../app/router.tsx'
import { FicheEditor } from './fiche-editor.tsx'

type Loaded = { fiche: FicheRead; definition: FicheDefinition }

export function FicheEditorScreen({ params }: ScreenProps) {
  const ficheId = params.ficheId!
  const [state, setState] = useState<{ loaded?: Loaded; error?: string }>({})
  useEffect(() => {
    let live = true
    ;(async () => {
      const fiche = await getFiche(ficheId)
      const definition = await getFicheDefinition(fiche.templateVersionId, fiche.ficheId)
      if (live) setState({ loaded: { fiche, definition } })
    })().catch((error: unknown) => {
      if (live) setState({ error: error instanceof ApiError ? error.userMessage : String(error) })
    })
    return () => {
      live = false
    }
  }, [ficheId])
  if (state.error) {
    return (
      <section className="screen">
        <h1>Fiche indisponible</h1>
        <p className="notice error" role="alert">
          {state.error}
        </p>
      </section>
    )
  }
  if (!state.loaded) {
    return (
      <section className="screen">
        <p role="status">Chargement de la fiche…</p>
      </section>
    )
  }
  return <FicheEditor fiche={state.loaded.fiche} definition={state.loaded.definition} />
}
