/**
 * The follow-up schedule: the anchor date (an item of a fiche, usually the initiation date), one-off
 * visits at an offset and repeating visits, each opening a fiche.
 */
import { indexCatalogue, type RepeatingVisit, type Schedule, type Visit } from '@openput/designer'
import type { EditorProps } from './draft-editor.tsx'
import { orUndefined, Section, SelectField, TextField } from './fields.tsx'

export function ScheduleEditor({ template, readOnly, edit }: EditorProps) {
  const schedule = template.schedule
  const fiches = template.fiches.map((f) => ({ value: f.id, label: `${f.title} (${f.id})` }))
  const catalogue = indexCatalogue(template)
  const dateItems = (ficheId: string) => {
    const fiche = template.fiches.find((f) => f.id === ficheId)
    const ids = fiche?.sections.flatMap((s) => s.elements.flatMap((e) => ('item' in e ? [e.item] : []))) ?? []
    return ids
      .filter((id) => catalogue.get(id)?.item.type === 'date')
      .map((id) => ({ value: id, label: `${catalogue.get(id)?.item.label} (${id})` }))
  }
  const set = (next: Schedule | undefined) =>
    edit((t) => {
      const { schedule: _s, ...rest } = t
      return next ? { ...rest, schedule: next } : rest
    })
  if (!schedule) {
    return (
      <Section title="Calendrier de suivi" path={['schedule']}>
        <p>Le modèle n’a pas encore de calendrier de suivi.</p>
        <button
          type="button"
          disabled={readOnly || fiches.length === 0}
          onClick={() => set({ anchor: { fiche: fiches[0]?.value ?? '', item: '' } })}
        >
          Créer le calendrier
        </button>
      </Section>
    )
  }
  const visits = schedule.visits ?? []
  const repeating = schedule.repeating ?? []
  const setVisits = (list: Visit[]) => set({ ...schedule, visits: list })
  const setRepeating = (list: RepeatingVisit[]) => set({ ...schedule, repeating: list })
  return (
    <fieldset disabled={readOnly} className="editor">
      <legend className="visually-hidden">Calendrier de suivi</legend>
      <Section title="Date de référence" path={['schedule', 'anchor']}>
        <div className="row">
          <SelectField
            label="Fiche de la date de référence"
            value={schedule.anchor.fiche}
            options={fiches}
            path={['schedule', 'anchor', 'fiche']}
            onChange={(v) => set({ ...schedule, anchor: { fiche: v, item: '' } })}
          />
          <SelectField
            label="Date de référence (élément date de la fiche)"
            value={schedule.anchor.item}
            options={dateItems(schedule.anchor.fiche)}
            empty="— choisir —"
            path={['schedule', 'anchor', 'item']}
            onChange={(v) => set({ ...schedule, anchor: { ...schedule.anchor, item: v } })}
          />
        </div>
      </Section>
      <Section title="Visites ponctuelles" path={['schedule', 'visits']}>
        {visits.map((v, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a row is a position in the list; its id is what is being edited
          <div className="row" key={i} data-path={`schedule.visits.${i}`}>
            <TextField
              label={`Identifiant (visite ${i + 1})`}
              value={v.id}
              onChange={(x) => setVisits(visits.map((y, j) => (j === i ? { ...y, id: x } : y)))}
            />
            <TextField
              label={`Libellé (visite ${i + 1})`}
              value={v.label}
              onChange={(x) => setVisits(visits.map((y, j) => (j === i ? { ...y, label: x } : y)))}
            />
            <SelectField
              label={`Fiche (visite ${i + 1})`}
              value={v.fiche}
              options={fiches}
              onChange={(x) => setVisits(visits.map((y, j) => (j === i ? { ...y, fiche: x } : y)))}
            />
            <TextField
              label={`Délai (visite ${i + 1})`}
              value={v.offset}
              placeholder="ex. P1M"
              onChange={(x) => setVisits(visits.map((y, j) => (j === i ? { ...y, offset: x } : y)))}
            />
            <button type="button" onClick={() => setVisits(visits.filter((_, j) => j !== i))}>
              Retirer la visite {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            setVisits([...visits, { id: '', label: '', fiche: fiches.at(-1)?.value ?? '', offset: 'P1M' }])
          }
        >
          Ajouter une visite
        </button>
      </Section>
      <Section title="Visites répétées" path={['schedule', 'repeating']}>
        {repeating.map((v, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a row is a position in the list; its id is what is being edited
          <div className="row" key={i} data-path={`schedule.repeating.${i}`}>
            <TextField
              label={`Identifiant (répétition ${i + 1})`}
              value={v.id}
              onChange={(x) => setRepeating(repeating.map((y, j) => (j === i ? { ...y, id: x } : y)))}
            />
            <TextField
              label={`Libellé (répétition ${i + 1})`}
              value={v.label}
              onChange={(x) => setRepeating(repeating.map((y, j) => (j === i ? { ...y, label: x } : y)))}
            />
            <SelectField
              label={`Fiche (répétition ${i + 1})`}
              value={v.fiche}
              options={fiches}
              onChange={(x) => setRepeating(repeating.map((y, j) => (j === i ? { ...y, fiche: x } : y)))}
            />
            <TextField
              label={`Tous les (répétition ${i + 1})`}
              value={v.every}
              placeholder="ex. P3M"
              onChange={(x) => setRepeating(repeating.map((y, j) => (j === i ? { ...y, every: x } : y)))}
            />
            <TextField
              label={`À partir de (répétition ${i + 1})`}
              value={v.from}
              placeholder="ex. P3M"
              onChange={(x) => setRepeating(repeating.map((y, j) => (j === i ? { ...y, from: x } : y)))}
            />
            <TextField
              label={`Jusqu’à (répétition ${i + 1})`}
              value={v.until}
              placeholder="jusqu’à l’arrêt"
              onChange={(x) =>
                setRepeating(
                  repeating.map((y, j) => {
                    if (j !== i) return y
                    const { until: _u, ...rest } = y
                    const until = orUndefined(x)
                    return until ? { ...rest, until } : rest
                  }),
                )
              }
            />
            <button type="button" onClick={() => setRepeating(repeating.filter((_, j) => j !== i))}>
              Retirer la répétition {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            setRepeating([
              ...repeating,
              { id: '', label: '', fiche: fiches.at(-1)?.value ?? '', every: 'P3M', from: 'P3M' },
            ])
          }
        >
          Ajouter une visite répétée
        </button>
      </Section>
    </fieldset>
  )
}
