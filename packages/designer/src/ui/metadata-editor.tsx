/**
 * The template's metadata: medicine, framework and PUT kind, decisions, indications with their access
 * modality (C3.3), UCD codes and dosages (C1.2), periodicities, version and user guide (C1.4).
 */
import { Frameworks, type Template } from '@openput/designer'
import type { EditorProps } from './draft-editor.tsx'
import { orUndefined, Section, SelectField, TextField } from './fields.tsx'
import { FRAMEWORK_LABELS } from './labels.ts'

type Metadata = Template['metadata']

export function MetadataEditor({ template, readOnly, edit }: EditorProps) {
  const m = template.metadata
  const setMeta = (patch: Partial<Metadata>) => edit((t) => ({ ...t, metadata: { ...t.metadata, ...patch } }))
  const setList = <K extends 'decisions' | 'indications' | 'ucds'>(key: K, list: Metadata[K]) =>
    setMeta({ [key]: list } as Partial<Metadata>)
  const indications = m.indications ?? []
  const ucds = m.ucds ?? []
  const decisions = m.decisions ?? []
  return (
    <fieldset disabled={readOnly} className="editor">
      <legend className="visually-hidden">Métadonnées</legend>
      <Section title="Version" path={['version']}>
        <div className="row">
          <TextField
            label="Numéro de version"
            value={template.version}
            path={['version']}
            onChange={(v) => edit((t) => ({ ...t, version: v }))}
          />
          <TextField
            label="Date d’effet"
            type="date"
            value={template.effectiveDate}
            path={['effectiveDate']}
            onChange={(v) => edit((t) => ({ ...t, effectiveDate: v }))}
          />
        </div>
        <TextField
          label="Notes de version (une par ligne)"
          multiline
          value={(template.changeNotes ?? []).join('\n')}
          path={['changeNotes']}
          onChange={(v) =>
            edit((t) => {
              const notes = v.split('\n').filter((l) => l.trim() !== '')
              const { changeNotes: _old, ...rest } = t
              return notes.length > 0 ? { ...rest, changeNotes: notes } : rest
            })
          }
        />
      </Section>
      <Section title="Médicament et cadre" path={['metadata']}>
        <div className="row">
          <TextField
            label="Nom du médicament"
            value={m.medicine?.name}
            path={['metadata', 'medicine', 'name']}
            onChange={(v) => setMeta({ medicine: { ...m.medicine, name: v } })}
          />
          <TextField
            label="DCI"
            value={m.medicine?.dci}
            path={['metadata', 'medicine', 'dci']}
            onChange={(v) => setMeta({ medicine: { ...m.medicine, dci: v } })}
          />
          <TextField
            label="Forme"
            value={m.medicine?.form}
            path={['metadata', 'medicine', 'form']}
            onChange={(v) => setMeta({ medicine: { ...m.medicine, form: orUndefined(v) } })}
          />
        </div>
        <div className="row">
          <TextField
            label="Titulaire"
            value={m.holder}
            path={['metadata', 'holder']}
            onChange={(v) => setMeta({ holder: v })}
          />
          <TextField
            label="Exploitant"
            value={m.operator}
            path={['metadata', 'operator']}
            onChange={(v) => setMeta({ operator: orUndefined(v) })}
          />
        </div>
        <div className="row">
          <SelectField
            label="Cadre"
            value={m.framework}
            options={Frameworks}
            labels={FRAMEWORK_LABELS}
            path={['metadata', 'framework']}
            onChange={(v) => setMeta({ framework: v })}
          />
          <SelectField
            label="Type de PUT"
            value={m.putKind}
            options={['PUT-RD', 'PUT-SP'] as const}
            path={['metadata', 'putKind']}
            onChange={(v) => setMeta({ putKind: v })}
          />
          <TextField
            label="Périodicité des rapports de synthèse (P3)"
            value={m.reportPeriodicity}
            placeholder="ex. P6M"
            path={['metadata', 'reportPeriodicity']}
            onChange={(v) => setMeta({ reportPeriodicity: orUndefined(v) })}
          />
          <TextField
            label="Durée de l’autorisation (P4)"
            value={m.authorisationDuration}
            placeholder="ex. P1Y"
            path={['metadata', 'authorisationDuration']}
            onChange={(v) => setMeta({ authorisationDuration: orUndefined(v) })}
          />
        </div>
      </Section>
      <Section title="Décisions" path={['metadata', 'decisions']}>
        {decisions.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a row is a position in the list; its id is what is being edited
          <div className="row" key={i} data-path={`metadata.decisions.${i}`}>
            <SelectField
              label={`Autorité (décision ${i + 1})`}
              value={d.authority}
              options={['HAS', 'ANSM'] as const}
              onChange={(v) =>
                setList(
                  'decisions',
                  decisions.map((x, j) => (j === i ? { ...x, authority: v } : x)),
                )
              }
            />
            <TextField
              label={`Référence (décision ${i + 1})`}
              value={d.reference}
              path={['metadata', 'decisions', i, 'reference']}
              onChange={(v) =>
                setList(
                  'decisions',
                  decisions.map((x, j) => (j === i ? { ...x, reference: v } : x)),
                )
              }
            />
            <TextField
              label={`Date (décision ${i + 1})`}
              type="date"
              value={d.date}
              path={['metadata', 'decisions', i, 'date']}
              onChange={(v) =>
                setList(
                  'decisions',
                  decisions.map((x, j) => (j === i ? { ...x, date: v } : x)),
                )
              }
            />
            <button
              type="button"
              onClick={() =>
                setList(
                  'decisions',
                  decisions.filter((_, j) => j !== i),
                )
              }
            >
              Retirer la décision {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            setList('decisions', [
              ...decisions,
              { authority: 'HAS', reference: '', date: new Date().toISOString().slice(0, 10) },
            ])
          }
        >
          Ajouter une décision
        </button>
      </Section>
      <Section title="Indications et modalités d’accès (C3.3)" path={['metadata', 'indications']}>
        {indications.map((ind, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a row is a position in the list; its id is what is being edited
          <div className="row" key={i} data-path={`metadata.indications.${i}`}>
            <TextField
              label={`Identifiant (indication ${i + 1})`}
              value={ind.id}
              path={['metadata', 'indications', i, 'id']}
              onChange={(v) =>
                setList(
                  'indications',
                  indications.map((x, j) => (j === i ? { ...x, id: v } : x)),
                )
              }
            />
            <TextField
              label={`Libellé (indication ${i + 1})`}
              value={ind.label}
              path={['metadata', 'indications', i, 'label']}
              onChange={(v) =>
                setList(
                  'indications',
                  indications.map((x, j) => (j === i ? { ...x, label: v } : x)),
                )
              }
            />
            <SelectField
              label={`Accès (indication ${i + 1})`}
              value={ind.access}
              empty="non précisé"
              options={[
                { value: 'shared', label: 'Accès commun aux indications' },
                { value: 'distinct', label: 'Accès distinct' },
              ]}
              path={['metadata', 'indications', i, 'access']}
              onChange={(v) =>
                setList(
                  'indications',
                  indications.map((x, j) => {
                    if (j !== i) return x
                    const { access: _a, ...rest } = x
                    return v ? { ...rest, access: v as 'shared' | 'distinct' } : rest
                  }),
                )
              }
            />
            <TextField
              label={`Description de l’accès (indication ${i + 1})`}
              value={ind.accessDescription}
              path={['metadata', 'indications', i, 'accessDescription']}
              onChange={(v) =>
                setList(
                  'indications',
                  indications.map((x, j) => (j === i ? { ...x, accessDescription: orUndefined(v) } : x)),
                )
              }
            />
            <button
              type="button"
              onClick={() =>
                setList(
                  'indications',
                  indications.filter((_, j) => j !== i),
                )
              }
            >
              Retirer l’indication {i + 1}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setList('indications', [...indications, { id: '', label: '' }])}>
          Ajouter une indication
        </button>
      </Section>
      <Section title="Codes UCD et dosages (C1.2)" path={['metadata', 'ucds']}>
        {ucds.map((u, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a row is a position in the list; its id is what is being edited
          <div className="row" key={i} data-path={`metadata.ucds.${i}`}>
            <TextField
              label={`Code UCD (${i + 1})`}
              value={u.code}
              path={['metadata', 'ucds', i, 'code']}
              onChange={(v) =>
                setList(
                  'ucds',
                  ucds.map((x, j) => (j === i ? { ...x, code: v } : x)),
                )
              }
            />
            <TextField
              label={`Libellé UCD (${i + 1})`}
              value={u.label}
              path={['metadata', 'ucds', i, 'label']}
              onChange={(v) =>
                setList(
                  'ucds',
                  ucds.map((x, j) => (j === i ? { ...x, label: v } : x)),
                )
              }
            />
            <TextField
              label={`Dosage (${i + 1})`}
              value={u.dosage}
              path={['metadata', 'ucds', i, 'dosage']}
              onChange={(v) =>
                setList(
                  'ucds',
                  ucds.map((x, j) => (j === i ? { ...x, dosage: v } : x)),
                )
              }
            />
            <button
              type="button"
              onClick={() =>
                setList(
                  'ucds',
                  ucds.filter((_, j) => j !== i),
                )
              }
            >
              Retirer l’UCD {i + 1}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setList('ucds', [...ucds, { code: '', label: '', dosage: '' }])}>
          Ajouter un code UCD
        </button>
      </Section>
      <Section title="Guide d’utilisation (C1.4)" path={['documents']}>
        <TextField
          label="Titre du guide"
          value={template.documents?.userGuide?.title}
          path={['documents', 'userGuide', 'title']}
          onChange={(v) =>
            edit((t) => ({
              ...t,
              documents: {
                ...t.documents,
                userGuide: { content: t.documents?.userGuide?.content ?? '', title: v },
              },
            }))
          }
        />
        <TextField
          label="Contenu du guide (Markdown)"
          multiline
          value={template.documents?.userGuide?.content}
          path={['documents', 'userGuide', 'content']}
          onChange={(v) =>
            edit((t) => ({
              ...t,
              documents: {
                ...t.documents,
                userGuide: { title: t.documents?.userGuide?.title ?? '', content: v },
              },
            }))
          }
        />
      </Section>
    </fieldset>
  )
}
