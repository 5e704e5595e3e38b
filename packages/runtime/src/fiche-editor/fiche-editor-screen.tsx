/**
 * The fiche editor screen (/fiches/:ficheId[?field=<item>]): loads the fiche, its compiled definition,
 * its queries and its prefilled values, then hands them to the editor (which brings `field` into view).
 */
import { useEffect, useState } from 'react'
import { ApiError, type FicheDefinition, type FicheRead, getFiche, getFicheDefinition } from '../api/index.ts'
import { type DataQuery, listFicheQueries, listPrefillMarks, type PrefillMark } from '../api/records.ts'
import type { ScreenProps } from '../app/router.tsx'
import { FicheEditor } from './fiche-editor.tsx'

type Loaded = {
  fiche: FicheRead
  definition: FicheDefinition
  queries: DataQuery[]
  marks: PrefillMark[]
  /** What could not be loaded beside the fiche (the fiche itself stays usable). */
  partial?: string
}

export function FicheEditorScreen({ params, query }: ScreenProps) {
  const ficheId = params.ficheId!
  const field = query.get('field')
  const [state, setState] = useState<{ loaded?: Loaded; error?: string }>({})
  useEffect(() => {
    let live = true
    ;(async () => {
      const fiche = await getFiche(ficheId)
      let partial: string | undefined
      const [definition, queries, marks] = await Promise.all([
        getFicheDefinition(fiche.templateVersionId, fiche.ficheId),
        listFicheQueries(ficheId).catch((error: unknown) => {
          partial = `Les queries de cette fiche n’ont pas pu être chargées (${error instanceof ApiError ? error.userMessage : String(error)}).`
          return []
        }),
        listPrefillMarks(ficheId).catch((error: unknown) => {
          partial = `Les valeurs préremplies de cette fiche n’ont pas pu être chargées (${error instanceof ApiError ? error.userMessage : String(error)}).`
          return []
        }),
      ])
      if (live) setState({ loaded: { fiche, definition, queries, marks, partial } })
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
  const { fiche, definition, queries, marks, partial } = state.loaded
  return (
    <FicheEditor
      fiche={fiche}
      definition={definition}
      queries={queries}
      marks={marks}
      partial={partial}
      field={field}
    />
  )
}
