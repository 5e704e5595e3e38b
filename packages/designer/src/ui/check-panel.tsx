/**
 * The live check panel: the CLI's parse and charter checks on the YAML the designer would save, in
 * French; each finding is a button that goes to the element it is about.
 */
import { checkTemplateText, serializeTemplate, type Template } from '@openput/designer'
import { useDeferredValue, useMemo } from 'react'

export function CheckPanel({
  template,
  onGoTo,
}: {
  template: Template
  onGoTo: (path: (string | number)[]) => void
}) {
  const deferred = useDeferredValue(template)
  const findings = useMemo(() => checkTemplateText(serializeTemplate(deferred), 'brouillon.yaml'), [deferred])
  const errors = findings.filter((f) => f.severity === 'error').length
  return (
    <aside className="check-panel" aria-labelledby="controles">
      <h2 id="controles">Contrôles de la charte</h2>
      <p aria-live="polite" className={errors > 0 ? 'error' : 'ok'}>
        {findings.length === 0
          ? 'Aucun constat : le modèle respecte la charte.'
          : `${errors} erreur(s), ${findings.length - errors} avertissement(s)`}
      </p>
      <ul className="findings">
        {findings.map((f) => (
          <li
            key={`${f.rule}:${f.at.path.join('.')}:${f.message}`}
            className={`finding finding-${f.severity}`}
          >
            <button type="button" onClick={() => onGoTo(f.at.path)}>
              <span className="finding-severity">{f.severity === 'error' ? 'Erreur' : 'Avertissement'}</span>{' '}
              {f.requirements.length > 0 && (
                <span className="finding-req">({f.requirements.join(', ')})</span>
              )}{' '}
              {f.message}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  )
}
