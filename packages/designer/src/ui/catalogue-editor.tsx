/**
 * The PUT catalogue: groups (the PUT document's annexes) and their items with type, options, bounds,
 * required, help and condition; a table pasted from the PUT document creates items in bulk after a
 * preview of what will be created.
 */
import {
  addCatalogueGroup,
  addCatalogueItem,
  addCatalogueItems,
  conditionInWords,
  type Item,
  ItemTypes,
  type ParsedItemTable,
  parseItemTable,
  removeCatalogueItem,
  updateCatalogueItem,
} from '@openput/designer'
import { type FormEvent, useId, useState } from 'react'
import { ConditionEditor } from './condition-editor.tsx'
import type { EditorProps } from './draft-editor.tsx'
import { CheckField, numberOrUndefined, orUndefined, Section, SelectField, TextField } from './fields.tsx'
import { ITEM_TYPE_LABELS } from './labels.ts'

const CHOICES = new Set(['single-choice', 'multiple-choice'])
const NUMBERS = new Set(['integer', 'decimal'])
const TEXTS = new Set(['text', 'long-text'])

export function CataloguePanel(props: EditorProps) {
  const { template, readOnly, edit } = props
  const [error, setError] = useState<string | null>(null)
  const run = (change: Parameters<EditorProps['edit']>[0]) => setError(edit(change))
  const addGroup = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const annex = String(form.get('annex') ?? '').trim()
    run((t) =>
      addCatalogueGroup(t, {
        id: String(form.get('id') ?? '').trim(),
        title: String(form.get('title') ?? '').trim(),
        ...(annex ? { annex } : {}),
      }),
    )
    event.currentTarget.reset()
  }
  return (
    <fieldset disabled={readOnly} className="editor">
      <legend className="visually-hidden">Catalogue du PUT</legend>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {template.catalogue.map((group, g) => (
        <Section
          key={group.id || g}
          title={`${group.annex ? `${group.annex} — ` : ''}${group.title}`}
          path={['catalogue', g]}
        >
          <p>
            Groupe <code>{group.id}</code> — {group.items.length} élément(s)
          </p>
          <ul className="items">
            {group.items.map((item, i) => (
              <ItemEditor
                key={item.id || i}
                item={item}
                path={['catalogue', g, 'items', i]}
                {...props}
                onError={setError}
              />
            ))}
          </ul>
          <NewItem groupId={group.id} onAdd={(item) => run((t) => addCatalogueItem(t, group.id, item))} />
          <BulkPaste
            groupId={group.id}
            onApply={(items) => run((t) => addCatalogueItems(t, group.id, items))}
          />
        </Section>
      ))}
      <Section title="Nouveau groupe (annexe du PUT)">
        <form onSubmit={addGroup} className="row">
          <TextFieldUncontrolled name="id" label="Identifiant du groupe" placeholder="ex. annexe1_fat" />
          <TextFieldUncontrolled name="title" label="Titre du groupe" />
          <TextFieldUncontrolled name="annex" label="Annexe" placeholder="ex. Annexe 1" />
          <button type="submit">Ajouter le groupe</button>
        </form>
      </Section>
    </fieldset>
  )
}

function TextFieldUncontrolled(props: { name: string; label: string; placeholder?: string }) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} name={props.name} placeholder={props.placeholder} />
    </div>
  )
}

function ItemEditor({
  item,
  path,
  template,
  edit,
  readOnly,
  onError,
}: EditorProps & { item: Item; path: (string | number)[]; onError: (e: string | null) => void }) {
  const [open, setOpen] = useState(false)
  const update = (patch: Partial<Item>) => onError(edit((t) => updateCatalogueItem(t, item.id, patch)))
  const detailsId = useId()
  return (
    <li className="item" data-path={path.join('.')} tabIndex={-1}>
      <div className="item-head">
        <strong>{item.label}</strong> <code>{item.id}</code> — {ITEM_TYPE_LABELS[item.type] ?? item.type}
        {item.required ? ' — obligatoire' : ''}
        <button type="button" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
          {open ? 'Replier' : 'Modifier'} « {item.label} »
        </button>
      </div>
      {item.when && <p className="condition">{conditionInWords(item.when, template)}</p>}
      <div id={detailsId} hidden={!open} className="item-details">
        <div className="row">
          <TextField
            label="Libellé"
            value={item.label}
            path={[...path, 'label']}
            onChange={(v) => update({ label: v })}
          />
          <SelectField
            label="Type"
            value={item.type}
            options={ItemTypes.filter((t) => t !== 'repeat')}
            labels={ITEM_TYPE_LABELS}
            path={[...path, 'type']}
            onChange={(v) => update({ type: v })}
          />
          <CheckField
            label="Obligatoire"
            checked={item.required ?? false}
            onChange={(v) => update({ required: v || undefined })}
          />
        </div>
        <TextField
          label="Aide"
          value={item.help}
          path={[...path, 'help']}
          onChange={(v) => update({ help: orUndefined(v) })}
        />
        {CHOICES.has(item.type) && (
          <TextField
            label="Options (une par ligne : code=libellé)"
            multiline
            value={(item.options ?? []).map((o) => `${o.code}=${o.label}`).join('\n')}
            path={[...path, 'options']}
            onChange={(v) =>
              update({
                options: v
                  .split('\n')
                  .map((line) => /^([^=]+)=(.*)$/.exec(line))
                  .filter((m): m is RegExpExecArray => m !== null)
                  .map((m) => ({ code: m[1]!.trim(), label: m[2]!.trim() })),
              })
            }
          />
        )}
        {NUMBERS.has(item.type) && (
          <div className="row">
            <TextField
              label="Minimum"
              type="number"
              value={item.min?.toString()}
              path={[...path, 'min']}
              onChange={(v) => update({ min: numberOrUndefined(v) })}
            />
            <TextField
              label="Maximum"
              type="number"
              value={item.max?.toString()}
              path={[...path, 'max']}
              onChange={(v) => update({ max: numberOrUndefined(v) })}
            />
            <TextField
              label="Unité"
              value={item.unit}
              path={[...path, 'unit']}
              onChange={(v) => update({ unit: orUndefined(v) })}
            />
          </div>
        )}
        {TEXTS.has(item.type) && (
          <div className="row">
            <TextField
              label="Longueur maximale"
              type="number"
              value={item.maxLength?.toString()}
              path={[...path, 'maxLength']}
              onChange={(v) => update({ maxLength: numberOrUndefined(v) })}
            />
            <TextField
              label="Motif (expression régulière)"
              value={item.pattern}
              path={[...path, 'pattern']}
              onChange={(v) => update({ pattern: orUndefined(v) })}
            />
          </div>
        )}
        <ConditionEditor
          template={template}
          readOnly={readOnly}
          condition={item.when}
          exclude={item.id}
          name={`« ${item.label} »`}
          path={[...path, 'when']}
          onChange={(when) => update({ when })}
        />
        <button type="button" onClick={() => onError(edit((t) => removeCatalogueItem(t, item.id)))}>
          Supprimer « {item.label} » du catalogue
        </button>
      </div>
    </li>
  )
}

function NewItem({ groupId, onAdd }: { groupId: string; onAdd: (item: Item) => void }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    onAdd({
      id: String(form.get('id') ?? '').trim(),
      label: String(form.get('label') ?? '').trim(),
      type: String(form.get('type')) as Item['type'],
      ...(form.get('required') ? { required: true } : {}),
    })
    event.currentTarget.reset()
  }
  const id = useId()
  return (
    <form onSubmit={submit} className="row new-item" aria-label={`Nouvel élément du groupe ${groupId}`}>
      <TextFieldUncontrolled name="id" label="Identifiant" placeholder="ex. poids_kg" />
      <TextFieldUncontrolled name="label" label="Libellé" />
      <div className="field">
        <label htmlFor={`${id}-type`}>Type</label>
        <select id={`${id}-type`} name="type" defaultValue="text">
          {ItemTypes.filter((t) => t !== 'repeat').map((t) => (
            <option key={t} value={t}>
              {ITEM_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-check">
        <input id={`${id}-req`} type="checkbox" name="required" />
        <label htmlFor={`${id}-req`}>Obligatoire</label>
      </div>
      <button type="submit">Ajouter l’élément</button>
    </form>
  )
}

/** Paste a table from the PUT document, see what will be created, then create it. */
function BulkPaste({ groupId, onApply }: { groupId: string; onApply: (items: Item[]) => void }) {
  const [text, setText] = useState('')
  const [preview, setPreview] = useState<ParsedItemTable | null>(null)
  const id = useId()
  return (
    <details className="bulk">
      <summary>Coller un tableau du PUT ({groupId})</summary>
      <p id={`${id}-aide`} className="help">
        Une ligne par élément, colonnes séparées par des tabulations (copie d’un tableau) : identifiant,
        libellé, type (texte, entier, décimal, date, oui/non, choix unique, choix multiple…), puis les options
        code=libellé et « obligatoire ».
      </p>
      <label htmlFor={id}>Tableau à coller</label>
      <textarea
        id={id}
        rows={6}
        value={text}
        aria-describedby={`${id}-aide`}
        onChange={(e) => {
          setText(e.target.value)
          setPreview(null)
        }}
      />
      <button type="button" onClick={() => setPreview(parseItemTable(text))}>
        Prévisualiser
      </button>
      {preview && (
        <div className="bulk-preview" aria-live="polite">
          {preview.errors.length > 0 && (
            <ul className="error" aria-label="Lignes refusées">
              {preview.errors.map((e) => (
                <li key={e.line}>{e.message}</li>
              ))}
            </ul>
          )}
          <table>
            <caption>{preview.items.length} élément(s) seront créés</caption>
            <thead>
              <tr>
                <th scope="col">Ligne</th>
                <th scope="col">Identifiant</th>
                <th scope="col">Libellé</th>
                <th scope="col">Type</th>
                <th scope="col">Options</th>
                <th scope="col">Obligatoire</th>
              </tr>
            </thead>
            <tbody>
              {preview.items.map(({ line, item }) => (
                <tr key={line}>
                  <td>{line}</td>
                  <td>
                    <code>{item.id}</code>
                  </td>
                  <td>{item.label}</td>
                  <td>{ITEM_TYPE_LABELS[item.type]}</td>
                  <td>{item.options?.map((o) => `${o.code} = ${o.label}`).join(' ; ') ?? ''}</td>
                  <td>{item.required ? 'oui' : 'non'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            disabled={preview.items.length === 0}
            onClick={() => {
              onApply(preview.items.map((r) => r.item))
              setText('')
              setPreview(null)
            }}
          >
            Créer les {preview.items.length} élément(s)
          </button>
        </div>
      )}
    </details>
  )
}
