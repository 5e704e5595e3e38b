/**
 * Who enters and who signs each fiche: the C5.5 matrix as the default, the fiche's overrides, every
 * deviation from the matrix flagged; the FAT's signatures (C5.6: required only there).
 */
import { AccessLevels, accessOf, C55_MATRIX, HospitalRoles, matrixDeviations } from '@openput/designer'
import type { EditorProps } from './draft-editor.tsx'
import { ACCESS_LABELS, FICHE_KIND_LABELS, ROLE_LABELS } from './labels.ts'

export function RolesView({ template, readOnly, edit }: EditorProps) {
  return (
    <fieldset disabled={readOnly} className="editor">
      <legend className="visually-hidden">Rôles et signatures</legend>
      <table className="roles">
        <caption>Accès par fiche et par rôle (matrice C5.5 de la charte ; les écarts sont signalés)</caption>
        <thead>
          <tr>
            <th scope="col">Fiche</th>
            {HospitalRoles.map((r) => (
              <th scope="col" key={r}>
                {ROLE_LABELS[r]}
              </th>
            ))}
            <th scope="col">Signatures exigées</th>
          </tr>
        </thead>
        <tbody>
          {template.fiches.map((fiche, f) => {
            const deviations = matrixDeviations(fiche)
            return (
              <tr key={fiche.id || f} data-path={`fiches.${f}.access`}>
                <th scope="row">
                  {fiche.title}
                  <br />
                  <small>{FICHE_KIND_LABELS[fiche.kind]}</small>
                </th>
                {HospitalRoles.map((role) => {
                  const deviation = deviations.find((d) => d.role === role)
                  return (
                    <td key={role} className={deviation ? 'deviation' : undefined}>
                      <label className="visually-hidden" htmlFor={`acces-${fiche.id}-${role}`}>
                        Accès du {ROLE_LABELS[role]} à {fiche.title}
                      </label>
                      <select
                        id={`acces-${fiche.id}-${role}`}
                        value={accessOf(fiche, role)}
                        onChange={(e) =>
                          edit((t) => ({
                            ...t,
                            fiches: t.fiches.map((x, i) => {
                              if (i !== f) return x
                              const level = e.target.value as (typeof AccessLevels)[number]
                              const access = { ...x.access, [role]: level }
                              if (level === C55_MATRIX[x.kind][role]) delete access[role]
                              const { access: _a, ...rest } = x
                              return Object.keys(access).length > 0 ? { ...rest, access } : rest
                            }),
                          }))
                        }
                      >
                        {AccessLevels.map((l) => (
                          <option key={l} value={l}>
                            {ACCESS_LABELS[l]}
                          </option>
                        ))}
                      </select>
                      {deviation && (
                        <p className="deviation-note">
                          Écart à la matrice C5.5 : attendu « {ACCESS_LABELS[deviation.expected]} »
                        </p>
                      )}
                    </td>
                  )
                })}
                <td>
                  {(['prescriber', 'pharmacist'] as const).map((role) => (
                    <div key={role} className="field field-check">
                      <input
                        id={`signe-${fiche.id}-${role}`}
                        type="checkbox"
                        checked={fiche.signatures?.required?.includes(role) ?? false}
                        onChange={(e) =>
                          edit((t) => ({
                            ...t,
                            fiches: t.fiches.map((x, i) => {
                              if (i !== f) return x
                              const current = x.signatures?.required ?? []
                              const required = e.target.checked
                                ? [...current.filter((r) => r !== role), role]
                                : current.filter((r) => r !== role)
                              const { signatures: _s, ...rest } = x
                              const optional = x.signatures?.optional
                              const signatures = {
                                ...(required.length > 0 ? { required } : {}),
                                ...(optional ? { optional } : {}),
                              }
                              return Object.keys(signatures).length > 0 ? { ...rest, signatures } : rest
                            }),
                          }))
                        }
                      />
                      <label htmlFor={`signe-${fiche.id}-${role}`}>
                        {ROLE_LABELS[role]} signe {fiche.title}
                      </label>
                    </div>
                  ))}
                  {fiche.kind !== 'fat' && (fiche.signatures?.required?.length ?? 0) > 0 && (
                    <p className="deviation-note">C5.6 : seule la FAT exige une signature.</p>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </fieldset>
  )
}
