/**
 * Entering one fiche: the form, its save status, and submission.
 */
import { useCallback, useState } from 'react'
import type { FicheData, FicheDefinition, FicheRead } from '../api/index.ts'
import { FicheForm } from '../renderers/index.ts'

export function FicheEditor({ fiche, definition }: { fiche: FicheRead; definition: FicheDefinition }) {
  const [data, setData] = useState<FicheData>(fiche.head.data)
  const onChange = useCallback((next: FicheData) => setData(next), [])
  return (
    <section className="screen fiche-editor">
      <h1>{definition.title}</h1>
      <FicheForm
        schema={definition.schema}
        uischema={definition.uischema}
        i18n={definition.i18n}
        data={data}
        onChange={onChange}
      />
    </section>
  )
}
