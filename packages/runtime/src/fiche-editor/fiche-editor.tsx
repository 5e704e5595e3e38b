/**
 * Entering one fiche: the form (read-only when the access rules say so, with the reason), autosave with its
 * status, the merge panel when the fiche moved on meanwhile, submission with every error shown; around the
 * fields, the lab's queries and the values prefilled from the AAC to confirm (C8.1), and for a submitted FAT
 * its signature state with the way to its signature screen.
 */
import type { ErrorObject } from 'ajv'
import { useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { newIdempotencyKey } from '../api/client.ts'
import { getFiche, saveDraft, submitFiche } from '../api/endpoints.ts'
import { ApiError } from '../api/problem.ts'
import {
  confirmPrefill,
  type DataQuery,
  listFicheQueries,
  type PrefillMark,
  queryItem,
} from '../api/records.ts'
import type { FicheData, FicheDefinition, FicheRead, FicheRevision } from '../api/types.ts'
import { Link } from '../app/router.tsx'
import { FicheForm, type FieldAnnotations } from '../renderers/index.ts'
import { useHospitalRoles } from '../screens/establishments.ts'
import { QUERY_STATUS, SIGNATURE_STATE } from '../screens/format.ts'
import { QueryCard } from '../screens/query-card.tsx'
import { errorMessage } from '../screens/use-load.ts'
import { fieldLabel } from './display-value.ts'
import { DraftSaver, type SaveStatus } from './draft-saver.ts'
import { FieldLinks, PREFILL_TEXT, PrefillNote, stillAsPrefilled, useFieldFocus } from './editor-context.tsx'
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

export interface FicheEditorProps {
  fiche: FicheRead
  definition: FicheDefinition
  /** The fiche's queries (GET /api/fiches/{id}/queries). */
  queries?: DataQuery[]
  /** Its values prefilled from another programme (GET /api/fiches/{id}/prefill). */
  marks?: PrefillMark[]
  /** What could not be loaded beside the fiche. */
  partial?: string | undefined
  /** The item to bring into view (`?field=`). */
  field?: string | null
}

export function FicheEditor({ fiche, definition, partial, field = null, ...props }: FicheEditorProps) {
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
  const [signatureState, setSignatureState] = useState(fiche.signatureState)
  const readOnly = !fiche.editable
  const { focus, goTo, missing } = useFieldFocus(field)
  const [queries, setQueries] = useState(props.queries ?? [])
  const [marks, setMarks] = useState(props.marks ?? [])
  const [confirming, setConfirming] = useState<string>()
  const [prefillError, setPrefillError] = useState<string>()
  /** The items the server named when it refused the submission (`prefill-unconfirmed`). */
  const [refused, setRefused] = useState<string[]>()
  // The establishment answers queries; the lab's data management closes and reopens them.
  const manageQueries = useHospitalRoles().size === 0
  const queriesHeading = useId()

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

  const reloadQueries = useCallback(() => {
    listFicheQueries(fiche.id).then(setQueries, (e: unknown) => setPrefillError(errorMessage(e)))
  }, [fiche.id])

  const confirm = useCallback(
    async (item: string) => {
      setConfirming(item)
      setPrefillError(undefined)
      try {
        setMarks(await confirmPrefill(fiche.id, [item]))
        setRefused((r) => r?.filter((i) => i !== item))
      } catch (e) {
        setPrefillError(errorMessage(e))
      } finally {
        setConfirming(undefined)
      }
    },
    [fiche.id],
  )

  const openQueries = useMemo(() => {
    const byItem = new Map<string, DataQuery[]>()
    for (const q of queries) {
      if (q.status === 'closed') continue
      const item = queryItem(q.itemPath)
      byItem.set(item, [...(byItem.get(item) ?? []), q])
    }
    return byItem
  }, [queries])
  const marksByItem = useMemo(() => new Map(marks.map((m) => [m.item, m])), [marks])
  const queryContext = useMemo(() => ({ fiche, definition }), [fiche, definition])
  const renderExtras = useCallback(
    (item: string) => {
      const mark = marksByItem.get(item)
      const itemQueries = openQueries.get(item)
      if (!mark && !itemQueries) return null
      return (
        <div className="field-annotations">
          {mark && (
            <PrefillNote
              item={item}
              label={fieldLabel(definition, item)}
              value={mark.value}
              confirmed={mark.confirmed}
              canConfirm={!readOnly}
              busy={confirming === item}
              onConfirm={confirm}
            />
          )}
          {itemQueries?.map((q) => (
            <QueryCard
              key={q.id}
              query={q}
              context={queryContext}
              manage={manageQueries}
              onAnswered={reloadQueries}
              inField
            />
          ))}
        </div>
      )
    },
    [
      marksByItem,
      openQueries,
      definition,
      readOnly,
      confirming,
      confirm,
      queryContext,
      manageQueries,
      reloadQueries,
    ],
  )
  const annotations = useMemo<FieldAnnotations>(
    () => ({ render: renderExtras, focus }),
    [renderExtras, focus],
  )
  const pendingPrefills = marks.filter((m) => !m.confirmed && stillAsPrefilled(data, m.item, m.value))

  const submit = async () => {
    setRefused(undefined)
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
      // The signature state after this submission (a new revision voids earlier signatures, C5.5).
      getFiche(fiche.id).then(
        (read) => setSignatureState(read.signatureState),
        () => setSignatureState('unsigned'),
      )
    } catch (error) {
      if (error instanceof ApiError && error.code === 'prefill-unconfirmed') {
        const items = error.problem?.params.items
        setRefused(Array.isArray(items) ? items.map(String) : [])
        setSubmission({ state: 'idle' })
        return
      }
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
          {fiche.head.source === 'migration' ? ' · reportée sur la nouvelle version du modèle' : ''}
        </p>
        {fiche.kind === 'fat' && ficheStatus === 'submitted' && (
          <p className="fiche-signature">
            Signatures : <strong>{SIGNATURE_STATE[signatureState] ?? signatureState}</strong>
            {' · '}
            <Link to={`/fiches/${fiche.id}/signature`}>
              {signatureState === 'signed' ? 'Voir les signatures de la fiche' : 'Signer la fiche'}
            </Link>
          </p>
        )}
        {!readOnly && <SaveStatusLine status={status} />}
      </header>
      {readOnly && (
        <p className="notice warning read-only-banner" role="note">
          Lecture seule{fiche.readOnlyReason ? ` : ${fiche.readOnlyReason}.` : '.'}
        </p>
      )}
      {partial && <p className="notice warning">{partial}</p>}
      {missing && (
        <p className="notice warning" role="status">
          Le champ « {fieldLabel(definition, missing)} » n’est pas affiché dans cette fiche : sa condition
          d’affichage n’est pas remplie.
        </p>
      )}
      {prefillError && (
        <p className="notice error" role="alert">
          {prefillError}
        </p>
      )}
      {pendingPrefills.length > 0 && (
        <div className="notice warning">
          <p>
            {pendingPrefills.length === 1
              ? 'Une valeur a été reprise'
              : `${pendingPrefills.length} valeurs ont été reprises`}{' '}
            de la fiche de l’AAC (« {PREFILL_TEXT} ») : vérifiez et confirmez chacune sous son champ avant
            l’envoi.
          </p>
          <details>
            <summary>Voir les champs à confirmer</summary>
            <FieldLinks items={pendingPrefills.map((m) => m.item)} definition={definition} goTo={goTo} />
          </details>
        </div>
      )}
      {openQueries.size > 0 && (
        <section className="notice fiche-queries" aria-labelledby={queriesHeading}>
          <h2 id={queriesHeading}>Queries du laboratoire sur cette fiche</h2>
          <p>Chaque question est affichée sous le champ qu’elle concerne.</p>
          <FieldLinks
            items={[...openQueries.keys()]}
            definition={definition}
            goTo={goTo}
            suffix={(item) =>
              ` : ${openQueries
                .get(item)!
                .map((q) => QUERY_STATUS[q.status])
                .join(', ')}`
            }
          />
        </section>
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
        annotations={annotations}
      />
      {!readOnly && (
        <div className="fiche-actions">
          {submission.message && (
            <p className={`notice ${submission.state === 'done' ? '' : 'error'}`} role="alert">
              {submission.message}
            </p>
          )}
          {refused && refused.length > 0 && (
            <div className="notice error" role="alert">
              <p>
                La fiche ne peut pas être validée : ces valeurs reprises de l’AAC doivent être confirmées (ou
                corrigées) avant l’envoi (C8.1).
              </p>
              <FieldLinks items={refused} definition={definition} goTo={goTo} />
            </div>
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
