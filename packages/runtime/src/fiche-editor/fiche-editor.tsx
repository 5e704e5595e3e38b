/**
 * Entering one fiche: the form (read-only when the access rules say so), autosave with its status, the
 * merge panel when the fiche moved on meanwhile, and submission with every error shown.
 */
import type { ErrorObject } from 'ajv'
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { newIdempotencyKey } from '../api/client.ts'
import { saveDraft, submitFiche } from '../api/endpoints.ts'
import { ApiError } from '../api/problem.ts'
import type { FicheData, FicheDefinition, FicheRead, FicheRevision } from '../api/types.ts'
import { FicheForm } from '../renderers/index.ts'
import { DraftSaver, type SaveStatus } from './draft-saver.ts'
import { browserStorage, readLocalDraft } from './local-drafts.ts'
import { MergePanel } from './merge-panel.tsx'
import { SaveStatusLine } from './save-status.tsx'

const KIND_LABELS: Record<string, string> = {
  fat: 'Fiche d’accès au traitement',
  fit: 'Fiche d’initiation du traitement',
  suivi: 'Fiche de suivi',
  arret: 'Fiche d’arrêt',
  ei: 'Effet indésirable',
  'situation-particuliere': 'Situation particulière',
  qdv: 'Qualité de vie',
  autre: 'Fiche',
}

function createSaver(fiche: FicheRead) {
  const storage = browserStorage()
  const local = fiche.editable ? readLocalDraft(storage, fiche.id) : undefined
  const deps = {
    saveDraft: (base: string, data: FicheData, key: string) =>
      saveDraft(fiche.id, base, data, { idempotencyKey: key }),
    storage,
    newKey: newIdempotencyKey,
    now: () => new Date(),
    setTimer: (callback: () => void, ms: number) => setTimeout(callback, ms),
    clearTimer: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  }
  // Unsaved edits from an earlier visit: sent on their own base, so a fiche that moved on since asks for
  // a merge instead of being overwritten.
  const saver = local
    ? new DraftSaver(fiche.id, { id: local.baseRevisionId, data: local.baseData }, deps, local.data)
    : new DraftSaver(fiche.id, fiche.head, deps)
  return { saver, restored: local !== undefined && saver.unsaved }
}

export function FicheEditor({ fiche, definition }: { fiche: FicheRead; definition: FicheDefinition }) {
  const [{ saver, restored }] = useState(() => createSaver(fiche))
  const status = useSyncExternalStore(
    useCallback((listener: () => void) => saver.subscribe(listener), [saver]),
    () => saver.current,
  )
  const [data, setData] = useState<FicheData>(() =>
    restored ? readLocalDraft(browserStorage(), fiche.id)!.data : fiche.head.data,
  )
  const errors = useRef<ErrorObject[]>([])
  const [showAllErrors, setShowAllErrors] = useState(false)
  const [submission, setSubmission] = useState<{ state: 'idle' | 'busy' | 'done'; message?: string }>({
    state: 'idle',
  })
  const [ficheStatus, setFicheStatus] = useState(fiche.status)
  const readOnly = !fiche.editable

  useEffect(() => {
    saver.activate()
    return () => saver.dispose()
  }, [saver])

  // Leaving the page: send what is pending; the browser asks first if something is not saved yet.
  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!saver.unsaved) return
      void saver.flush()
      event.preventDefault()
    }
    const online = () => {
      if (saver.current.kind === 'offline') saver.retry()
    }
    window.addEventListener('beforeunload', beforeUnload)
    window.addEventListener('online', online)
    return () => {
      window.removeEventListener('beforeunload', beforeUnload)
      window.removeEventListener('online', online)
    }
  }, [saver])

  const onChange = useCallback(
    (next: FicheData, nextErrors: ErrorObject[]) => {
      errors.current = nextErrors
      setData(next)
      if (!readOnly) saver.edit(next)
    },
    [saver, readOnly],
  )

  const applyMerge = useCallback(
    (current: FicheRevision, merged: FicheData) => {
      setData(merged)
      saver.resolveConflict(current, merged)
    },
    [saver],
  )

  const submit = async () => {
    if (errors.current.length > 0) {
      setShowAllErrors(true)
      setSubmission({
        state: 'idle',
        message: `La fiche ne peut pas être validée : ${errors.current.length} erreur${errors.current.length > 1 ? 's' : ''} à corriger (signalées sous les champs).`,
      })
      return
    }
    setSubmission({ state: 'busy' })
    try {
      await saver.flush()
      if (saver.current.kind === 'conflict' || saver.current.kind === 'refused') {
        setSubmission({ state: 'idle', message: 'Enregistrez d’abord la fiche (voir ci-dessus).' })
        return
      }
      const result = await submitFiche(fiche.id, saver.baseRevisionId, data, {
        idempotencyKey: newIdempotencyKey(),
      })
      saver.rebase(result.head)
      setFicheStatus(result.status)
      setSubmission({ state: 'done', message: `Fiche validée (révision n° ${result.head.seq}).` })
    } catch (error) {
      setShowAllErrors(true)
      setSubmission({
        state: 'idle',
        message: error instanceof ApiError ? error.userMessage : 'Validation impossible pour le moment.',
      })
    }
  }

  const memoDefinition = useMemo(() => definition, [definition])
  return (
    <section className="screen fiche-editor" aria-labelledby="fiche-title">
      <header className="fiche-header">
        <p className="fiche-kind">{KIND_LABELS[fiche.kind] ?? fiche.kind}</p>
        <h1 id="fiche-title">{definition.title}</h1>
        <p className="fiche-meta">
          {ficheStatus === 'submitted' ? 'Validée' : 'Brouillon'} · révision n°{' '}
          {saver.baseSeq ?? fiche.head.seq}
          {fiche.head.source === 'transcription' ? ' · transcrite par le laboratoire' : ''}
        </p>
        {!readOnly && <SaveStatusLine status={status} />}
      </header>
      {readOnly && (
        <p className="notice">Lecture seule{fiche.readOnlyReason ? ` : ${fiche.readOnlyReason}` : '.'}</p>
      )}
      {restored && status.kind !== 'conflict' && (
        <p className="notice">
          Des saisies non enregistrées lors de votre dernière visite ont été restaurées.
        </p>
      )}
      {status.kind === 'refused' && (
        <div className="notice error" role="alert">
          <p>{status.message}</p>
          <button type="button" onClick={() => saver.retry()}>
            Réessayer d’enregistrer
          </button>
        </div>
      )}
      {status.kind === 'conflict' && (
        <Conflict
          status={status}
          saver={saver}
          definition={memoDefinition}
          data={data}
          onApply={applyMerge}
          ficheInstanceId={fiche.id}
        />
      )}
      <FicheForm
        schema={definition.schema}
        uischema={definition.uischema}
        i18n={definition.i18n}
        data={data}
        onChange={onChange}
        readonly={readOnly || status.kind === 'conflict'}
        showAllErrors={showAllErrors}
      />
      {!readOnly && (
        <div className="fiche-actions">
          {submission.message && (
            <p className={`notice ${submission.state === 'done' ? '' : 'error'}`} role="alert">
              {submission.message}
            </p>
          )}
          <button
            type="button"
            className="primary"
            disabled={submission.state === 'busy' || status.kind === 'conflict'}
            onClick={submit}
          >
            {submission.state === 'busy' ? 'Validation…' : 'Valider la fiche'}
          </button>
        </div>
      )}
    </section>
  )
}

function Conflict(props: {
  status: Extract<SaveStatus, { kind: 'conflict' }>
  saver: DraftSaver
  definition: FicheDefinition
  data: FicheData
  ficheInstanceId: string
  onApply: (current: FicheRevision, merged: FicheData) => void
}) {
  const { current } = props.status
  if (!current) {
    return (
      <p className="notice error" role="alert">
        {props.status.message} Rechargez la page : vos saisies sont conservées dans ce navigateur.
      </p>
    )
  }
  return (
    <MergePanel
      ficheInstanceId={props.ficheInstanceId}
      definition={props.definition}
      baseRevisionId={props.saver.baseRevisionId}
      baseData={props.saver.baseData}
      mine={props.data}
      current={current}
      onApply={(merged) => props.onApply(current, merged)}
    />
  )
}
