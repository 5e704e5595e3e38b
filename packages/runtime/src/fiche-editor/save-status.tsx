/** The autosave status line, announced politely to screen readers. */
import type { SaveStatus } from './draft-saver.ts'

const time = (d: Date) => d.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })

export function statusText(status: SaveStatus): string {
  switch (status.kind) {
    case 'saved':
      return status.at ? `Enregistré à ${time(status.at)}` : 'Enregistré'
    case 'pending':
    case 'saving':
      return 'Enregistrement…'
    case 'offline':
      return `Hors ligne, nouvel essai dans ${Math.round(status.retryInMs / 1000)} s… Vos saisies sont conservées dans ce navigateur.`
    case 'conflict':
      return 'Fiche modifiée par ailleurs : fusion nécessaire.'
    case 'refused':
      return `Non enregistré : ${status.message} Vos saisies sont conservées dans ce navigateur.`
  }
}

export function SaveStatusLine({ status }: { status: SaveStatus }) {
  return (
    <p
      className={`save-status save-status-${status.kind}`}
      role="status"
      aria-live="polite"
      data-status={status.kind}
    >
      {statusText(status)}
    </p>
  )
}
