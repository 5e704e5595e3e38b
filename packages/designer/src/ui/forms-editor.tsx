/**
 * The fiches: their sections and the items they collect, reordered by drag and drop or with the move
 * buttons (announced to screen readers). A section receives items ONLY by picking them from the PUT
 * catalogue (C1.1): there is no way here to type a new field.
 */
import {
  addFiche,
  addItemToSection,
  addSection,
  FicheKinds,
  indexCatalogue,
  moveElement,
  moveElementToSection,
  moveSection,
  removeElement,
  removeFiche,
  removeSection,
  updateElement,
  updateFiche,
  type Widget,
  Widgets,
} from '@openput/designer'
import { type DragEvent, type FormEvent, useId, useState } from 'react'
import { ConditionEditor } from './condition-editor.tsx'
import type { EditorProps } from './draft-editor.tsx'
import { Section, SelectField, TextField } from './fields.tsx'
import { FICHE_KIND_LABELS, WIDGET_LABELS } from './labels.ts'

type Drag = { kind: 'section'; from: number } | { kind: 'element'; section: string; from: number }

export function FormsEditor(
  props: EditorProps & { ficheIndex: number; onSelectFiche: (index: number) => void },
) {
  const { template, readOnly, edit } = props
  const [error, setError] = useState<string | null>(null)
  const [announce, setAnnounce] = useState('')
  const [drag, setDrag] = useState<Drag | null>(null)
  const run = (change: Parameters<EditorProps['edit']>[0], done?: string) => {
    const refusal = edit(change)
    setError(refusal)
    if (!refusal && done) setAnnounce(done)
  }
  const index = Math.min(props.ficheIndex, Math.max(0, template.fiches.length - 1))
  const fiche = template.fiches[index]
  const catalogue = indexCatalogue(template)
  const labelOf = (itemId: string) => catalogue.get(itemId)?.item.label ?? itemId
  // An item is collected once per fiche: the picker offers those not placed yet.
  const inFiche = new Set(
    fiche?.sections.flatMap((s) => s.elements.flatMap((e) => ('item' in e ? [e.item] : []))) ?? [],
  )

  const addNewFiche = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const id = String(form.get('id') ?? '').trim()
    run(
      (t) =>
        addFiche(t, {
          id,
          kind: String(form.get('kind')) as (typeof FicheKinds)[number],
          title: String(form.get('title') ?? '').trim(),
        }),
      `Fiche ${id} ajoutée`,
    )
    props.onSelectFiche(template.fiches.length)
    event.currentTarget.reset()
  }

  const dropOn = (target: Drag) => (event: DragEvent) => {
    event.preventDefault()
    if (!drag || !fiche || drag.kind !== target.kind) return
    if (drag.kind === 'section' && target.kind === 'section') {
      run(
        (t) => moveSection(t, fiche.id, drag.from, target.from),
        `Section déplacée en position ${target.from + 1}`,
      )
    }
    if (drag.kind === 'element' && target.kind === 'section') {
      const to = fiche.sections[target.from]
      if (to && to.id !== drag.section) {
        run(
          (t) => moveElementToSection(t, fiche.id, { sectionId: drag.section, index: drag.from }, to.id),
          `Élément déplacé dans la section ${to.title}`,
        )
      }
    }
    if (drag.kind === 'element' && target.kind === 'element' && drag.section === target.section) {
      run(
        (t) => moveElement(t, fiche.id, drag.section, drag.from, target.from),
        `Élément déplacé en position ${target.from + 1}`,
      )
    }
    setDrag(null)
  }

  return (
    <div className="editor">
      <p className="visually-hidden" aria-live="assertive" role="status">
        {announce}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <nav aria-label="Fiches du modèle" className="fiche-list">
        <ul>
          {template.fiches.map((f, i) => (
            <li key={f.id || i}>
              <button type="button" aria-pressed={i === index} onClick={() => props.onSelectFiche(i)}>
                {f.title} ({f.id})
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {fiche && (
        <fieldset disabled={readOnly} className="fiche-editor" data-path={`fiches.${index}`} tabIndex={-1}>
          <legend>
            <h2>
              {fiche.title} <small>— {FICHE_KIND_LABELS[fiche.kind]}</small>
            </h2>
          </legend>
          <div className="row">
            <TextField
              label="Titre de la fiche"
              value={fiche.title}
              path={['fiches', index, 'title']}
              onChange={(v) => run((t) => updateFiche(t, fiche.id, { title: v }))}
            />
            <SelectField
              label="Type de fiche"
              value={fiche.kind}
              options={FicheKinds}
              labels={FICHE_KIND_LABELS}
              path={['fiches', index, 'kind']}
              onChange={(v) => run((t) => updateFiche(t, fiche.id, { kind: v }))}
            />
          </div>
          <button
            type="button"
            onClick={() => {
              run((t) => removeFiche(t, fiche.id), `Fiche ${fiche.title} supprimée`)
              props.onSelectFiche(0)
            }}
          >
            Supprimer la fiche « {fiche.title} »
          </button>
          <ol className="sections">
            {fiche.sections.map((section, s) => (
              <li
                key={section.id || s}
                className="section"
                data-path={`fiches.${index}.sections.${s}`}
                tabIndex={-1}
                onDragOver={(e) => drag && e.preventDefault()}
                onDrop={dropOn({ kind: 'section', from: s })}
              >
                <div className="section-head">
                  <span
                    className="drag-handle"
                    draggable={!readOnly}
                    onDragStart={() => setDrag({ kind: 'section', from: s })}
                    aria-hidden="true"
                    title="Glisser pour déplacer la section"
                  >
                    ⠿
                  </span>
                  <h3>{section.title}</h3>
                  <MoveButtons
                    name={`la section « ${section.title} »`}
                    index={s}
                    count={fiche.sections.length}
                    onMove={(to) =>
                      run(
                        (t) => moveSection(t, fiche.id, s, to),
                        `Section « ${section.title} » déplacée en position ${to + 1}`,
                      )
                    }
                  />
                  <button
                    type="button"
                    onClick={() =>
                      run((t) => removeSection(t, fiche.id, section.id), `Section ${section.title} supprimée`)
                    }
                  >
                    Supprimer la section « {section.title} »
                  </button>
                </div>
                <ol className="elements" aria-label={`Éléments de la section ${section.title}`}>
                  {section.elements.map((element, e) => (
                    <li
                      key={'item' in element ? element.item : `note-${e}`}
                      className="element"
                      data-path={`fiches.${index}.sections.${s}.elements.${e}`}
                      tabIndex={-1}
                      onDragOver={(ev) => drag?.kind === 'element' && ev.preventDefault()}
                      onDrop={(ev) => {
                        ev.stopPropagation()
                        dropOn({ kind: 'element', section: section.id, from: e })(ev)
                      }}
                    >
                      <span
                        className="drag-handle"
                        draggable={!readOnly}
                        onDragStart={() => setDrag({ kind: 'element', section: section.id, from: e })}
                        aria-hidden="true"
                        title="Glisser pour déplacer l’élément"
                      >
                        ⠿
                      </span>
                      {'item' in element ? (
                        <>
                          <span className="element-label">
                            {labelOf(element.item)} <code>{element.item}</code>
                          </span>
                          <SelectField
                            label={`Présentation de « ${labelOf(element.item)} »`}
                            value={element.widget}
                            empty="par défaut"
                            options={Widgets}
                            labels={WIDGET_LABELS}
                            onChange={(v) =>
                              run((t) =>
                                updateElement(t, fiche.id, section.id, e, {
                                  widget: (v || undefined) as Widget | undefined,
                                }),
                              )
                            }
                          />
                          <ConditionEditor
                            template={template}
                            readOnly={readOnly}
                            condition={element.when}
                            exclude={element.item}
                            name={`« ${labelOf(element.item)} »`}
                            path={['fiches', index, 'sections', s, 'elements', e, 'when']}
                            onChange={(when) =>
                              run((t) => updateElement(t, fiche.id, section.id, e, { when }))
                            }
                          />
                        </>
                      ) : (
                        <span className="element-label">Note : {element.note}</span>
                      )}
                      <MoveButtons
                        name={'item' in element ? `« ${labelOf(element.item)} »` : 'la note'}
                        index={e}
                        count={section.elements.length}
                        onMove={(to) =>
                          run(
                            (t) => moveElement(t, fiche.id, section.id, e, to),
                            `${'item' in element ? labelOf(element.item) : 'Note'} déplacé en position ${to + 1} sur ${section.elements.length}`,
                          )
                        }
                      />
                      {fiche.sections.length > 1 && (
                        <SelectField
                          label={`Déplacer ${'item' in element ? `« ${labelOf(element.item)} »` : 'la note'} vers la section`}
                          value=""
                          empty="—"
                          options={fiche.sections
                            .filter((other) => other.id !== section.id)
                            .map((other) => ({ value: other.id, label: other.title }))}
                          onChange={(to) =>
                            to &&
                            run(
                              (t) =>
                                moveElementToSection(t, fiche.id, { sectionId: section.id, index: e }, to),
                              `Élément déplacé dans la section ${fiche.sections.find((x) => x.id === to)?.title ?? to}`,
                            )
                          }
                        />
                      )}
                      <button
                        type="button"
                        onClick={() =>
                          run(
                            (t) => removeElement(t, fiche.id, section.id, e),
                            'Élément retiré de la section',
                          )
                        }
                      >
                        Retirer {'item' in element ? `« ${labelOf(element.item)} »` : 'la note'}
                      </button>
                    </li>
                  ))}
                </ol>
                <CataloguePicker
                  sectionTitle={section.title}
                  candidates={[...catalogue.entries()]
                    .filter(([itemId, entry]) => !entry.parent && !inFiche.has(itemId))
                    .map(([itemId, entry]) => ({ id: itemId, label: entry.item.label }))}
                  onPick={(itemId) =>
                    run(
                      (t) => addItemToSection(t, fiche.id, section.id, itemId),
                      `« ${labelOf(itemId)} » ajouté à la section ${section.title}`,
                    )
                  }
                />
              </li>
            ))}
          </ol>
          <NewSection
            onAdd={(id, title) =>
              run((t) => addSection(t, fiche.id, { id, title }), `Section ${title} ajoutée`)
            }
          />
        </fieldset>
      )}
      <Section title="Nouvelle fiche">
        <form onSubmit={addNewFiche} className="row">
          <Uncontrolled name="id" label="Identifiant de la nouvelle fiche" placeholder="ex. suivi" />
          <Uncontrolled name="title" label="Titre de la nouvelle fiche" />
          <KindSelect />
          <button type="submit">Ajouter la fiche</button>
        </form>
      </Section>
    </div>
  )
}

function KindSelect() {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>Type de la nouvelle fiche</label>
      <select id={id} name="kind" defaultValue="suivi">
        {FicheKinds.map((k) => (
          <option key={k} value={k}>
            {FICHE_KIND_LABELS[k]}
          </option>
        ))}
      </select>
    </div>
  )
}

function Uncontrolled(props: { name: string; label: string; placeholder?: string }) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} name={props.name} placeholder={props.placeholder} required />
    </div>
  )
}

function MoveButtons(props: { name: string; index: number; count: number; onMove: (to: number) => void }) {
  return (
    <span className="move-buttons">
      <button type="button" disabled={props.index === 0} onClick={() => props.onMove(props.index - 1)}>
        Monter {props.name}
      </button>
      <button
        type="button"
        disabled={props.index >= props.count - 1}
        onClick={() => props.onMove(props.index + 1)}
      >
        Descendre {props.name}
      </button>
    </span>
  )
}

/** C1.1: the only way to put a field in a fiche is to pick one of the catalogue's items. */
function CataloguePicker(props: {
  sectionTitle: string
  candidates: { id: string; label: string }[]
  onPick: (itemId: string) => void
}) {
  const id = useId()
  const [choice, setChoice] = useState('')
  return (
    <div className="picker row">
      <div className="field">
        <label htmlFor={id}>Élément du catalogue à ajouter à « {props.sectionTitle} »</label>
        <select id={id} value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">— choisir dans le catalogue du PUT —</option>
          {props.candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label} ({c.id})
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        disabled={!choice}
        onClick={() => {
          props.onPick(choice)
          setChoice('')
        }}
      >
        Ajouter à la section
      </button>
    </div>
  )
}

function NewSection({ onAdd }: { onAdd: (id: string, title: string) => void }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    onAdd(String(form.get('id') ?? '').trim(), String(form.get('title') ?? '').trim())
    event.currentTarget.reset()
  }
  return (
    <form onSubmit={submit} className="row new-section" aria-label="Nouvelle section">
      <Uncontrolled name="id" label="Identifiant de la section" />
      <Uncontrolled name="title" label="Titre de la section" />
      <button type="submit">Ajouter la section</button>
    </form>
  )
}
