/**
 * One version being prepared: the template object every tab edits, saved as its deterministic YAML
 * (autosave, with the server's revision counter: a stale save is refused, never merged), the live check
 * panel running the CLI's checks on that YAML, and the draft's workflow (submit, publish).
 */
import { type EditResult, serializeTemplate, type Template } from '@openput/designer'
import { useCallback, useEffect, useRef, useState } from 'react'
import { parse } from 'yaml'
import { type ApiError, api, type Draft, type Session, STATE_LABELS } from './api.ts'
import { CataloguePanel } from './catalogue-editor.tsx'
import { CheckPanel } from './check-panel.tsx'
import { FormsEditor } from './forms-editor.tsx'
import { MetadataEditor } from './metadata-editor.tsx'
import { Preview } from './preview.tsx'
import { ReviewPanel } from './review.tsx'
import { RolesView } from './roles-view.tsx'
import { draftHref, TABS, type TabId } from './routes.ts'
import { ScheduleEditor } from './schedule-editor.tsx'
import { YamlPanel } from './yaml-io.tsx'

const AUTOSAVE_MS = 800

/** The YAML as the designer edits it: an object of the format's shape, even while incomplete. */
function templateOf(yaml: string): Template | null {
  try {
    const value = parse(yaml, { maxAliasCount: 100 })
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Template) : null
  } catch {
    return null
  }
}

/** What every editor receives: the template and the way to change it (a new template, or a refusal). */
export interface EditorProps {
  template: Template
  readOnly: boolean
  edit: (change: (t: Template) => Template | EditResult) => string | null
}

const isEditResult = (value: Template | EditResult): value is EditResult =>
  typeof (value as { ok?: unknown }).ok === 'boolean'

type SaveStatus = 'saved' | 'pending' | 'saving' | 'error'

export function DraftEditor({ id, tab, session }: { id: string; tab: TabId; session: Session }) {
  const [draft, setDraft] = useState<Draft | null>(null)
  const [template, setTemplate] = useState<Template | null>(null)
  const [status, setStatus] = useState<SaveStatus>('saved')
  const [message, setMessage] = useState<string | null>(null)
  const [ficheIndex, setFicheIndex] = useState(0)
  const [focusPath, setFocusPath] = useState<string | null>(null)
  const revision = useRef(0)
  const dirty = useRef(false)

  const load = useCallback(async () => {
    const loaded = await api.get<Draft>(`/designer/drafts/${id}`)
    revision.current = loaded.revision
    dirty.current = false
    setDraft(loaded)
    setTemplate(templateOf(loaded.yaml))
    setStatus('saved')
  }, [id])

  useEffect(() => {
    load().catch((e: ApiError) => setMessage(e.message))
  }, [load])

  const readOnly = draft?.state !== 'draft'

  const save = useCallback(
    async (next: Template) => {
      setStatus('saving')
      try {
        const saved = await api.put<Draft>(`/designer/drafts/${id}`, {
          yaml: serializeTemplate(next),
          revision: revision.current,
        })
        revision.current = saved.revision
        setDraft(saved)
        setStatus(dirty.current ? 'pending' : 'saved')
      } catch (e) {
        setStatus('error')
        setMessage((e as ApiError).message)
      }
    },
    [id],
  )

  // Autosave a moment after the last edit.
  useEffect(() => {
    if (!template || status !== 'pending') return
    const timer = setTimeout(() => {
      dirty.current = false
      void save(template)
    }, AUTOSAVE_MS)
    return () => clearTimeout(timer)
  }, [template, status, save])

  const edit = useCallback<EditorProps['edit']>(
    (change) => {
      if (!template || readOnly) return 'Cette version n’est pas modifiable.'
      const result = change(template)
      if (isEditResult(result)) {
        if (!result.ok) return result.refusal.message
        setTemplate(result.template)
      } else {
        setTemplate(result)
      }
      dirty.current = true
      setStatus('pending')
      return null
    },
    [template, readOnly],
  )

  // Go to the element a finding points at, once its tab is shown.
  useEffect(() => {
    if (!focusPath) return
    const parts = focusPath.split('.')
    for (let n = parts.length; n > 0; n--) {
      const element = document.querySelector<HTMLElement>(`[data-path="${parts.slice(0, n).join('.')}"]`)
      if (element) {
        element.scrollIntoView({ block: 'center' })
        element.focus()
        break
      }
    }
    setFocusPath(null)
  }, [focusPath])

  const goTo = (path: (string | number)[]) => {
    const target: TabId =
      path[0] === 'catalogue'
        ? 'catalogue'
        : path[0] === 'fiches'
          ? 'fiches'
          : path[0] === 'schedule'
            ? 'calendrier'
            : 'metadonnees'
    if (path[0] === 'fiches' && typeof path[1] === 'number') setFicheIndex(path[1])
    window.location.hash = draftHref(id, target)
    setFocusPath(path.join('.'))
  }

  const act = async (action: 'submit' | 'publish') => {
    setMessage(null)
    try {
      if (status !== 'saved' && template) {
        dirty.current = false
        await save(template)
      }
      const result = await api.post<Draft | { draft: Draft }>(`/designer/drafts/${id}/${action}`, {
        revision: revision.current,
      })
      const next = 'draft' in result ? result.draft : result
      revision.current = next.revision
      setDraft(next)
      setMessage(action === 'submit' ? 'Version soumise à la relecture.' : 'Version publiée.')
    } catch (e) {
      setMessage((e as ApiError).message)
    }
  }

  if (!draft) {
    return message ? (
      <p role="alert" className="error">
        {message}
      </p>
    ) : (
      <p>Chargement…</p>
    )
  }
  const current = TABS.find((t) => t.id === tab)!
  // Which buttons to offer (the server decides anyway): authors submit, programme managers publish.
  const roles = new Set(session.memberships.map((m) => m.role))
  const mayAuthor = roles.has('template-author') || roles.has('programme-manager')
  const mayPublish = roles.has('programme-manager')
  const props = template ? { template, readOnly, edit } : null
  return (
    <div className="draft">
      <div className="draft-head">
        <h1>
          {draft.programme} — version {draft.version ?? '?'}{' '}
          <span className={`state state-${draft.state}`}>{STATE_LABELS[draft.state]}</span>
        </h1>
        <p className="save-status" aria-live="polite">
          {status === 'saved' && `Enregistré (révision ${draft.revision})`}
          {status === 'pending' && 'Modifications non enregistrées…'}
          {status === 'saving' && 'Enregistrement…'}
          {status === 'error' && 'Échec de l’enregistrement'}
        </p>
        <div className="draft-actions">
          {draft.state === 'draft' && mayAuthor && (
            <button type="button" onClick={() => act('submit')}>
              Soumettre à la relecture
            </button>
          )}
          {draft.state !== 'published' && mayPublish && (
            <button type="button" onClick={() => act('publish')}>
              Publier
            </button>
          )}
          {status === 'error' && (
            <button type="button" onClick={() => load().then(() => setMessage(null))}>
              Recharger la dernière révision
            </button>
          )}
        </div>
        {message && (
          <p role={status === 'error' ? 'alert' : 'status'} className="message">
            {message}
          </p>
        )}
      </div>
      <nav aria-label="Parties du modèle" className="tabs">
        <ul>
          {TABS.map((t) => (
            <li key={t.id}>
              <a href={draftHref(id, t.id)} aria-current={t.id === tab ? 'page' : undefined}>
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="draft-body">
        <div className="draft-main">
          <h2 className="visually-hidden">{current.label}</h2>
          {!props && tab !== 'yaml' && tab !== 'relecture' && (
            <p role="alert" className="error">
              Le YAML de ce brouillon ne se lit pas : corrigez-le par un import (onglet Export / import YAML).
            </p>
          )}
          {props && tab === 'metadonnees' && <MetadataEditor {...props} />}
          {props && tab === 'catalogue' && <CataloguePanel {...props} />}
          {props && tab === 'fiches' && (
            <FormsEditor {...props} ficheIndex={ficheIndex} onSelectFiche={setFicheIndex} />
          )}
          {props && tab === 'calendrier' && <ScheduleEditor {...props} />}
          {props && tab === 'roles' && <RolesView {...props} />}
          {props && tab === 'apercu' && <Preview template={props.template} />}
          {tab === 'relecture' && (
            <ReviewPanel
              key={`${draft.revision}-${draft.state}`}
              draft={draft}
              session={session}
              onDecided={setDraft}
            />
          )}
          {tab === 'yaml' && (
            <YamlPanel
              draft={draft}
              template={template}
              revision={revision.current}
              onImported={(next) => {
                revision.current = next.revision
                setDraft(next)
                setTemplate(templateOf(next.yaml))
              }}
            />
          )}
        </div>
        {template && <CheckPanel template={template} onGoTo={goTo} />}
      </div>
    </div>
  )
}
