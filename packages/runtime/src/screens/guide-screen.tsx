/**
 * The user guide of the chosen programme's template and its documentary resources (C1.4), the access
 * rules per role (C5.1: C5.2–C5.5, with the template's table of who enters and signs each fiche), and the
 * blank fiches to print for paper use (C2.1).
 */
import { blankFichesPdfUrl, getDocuments, type TemplateDocuments } from '../api/records.ts'
import { useProgramme } from '../app/programme.tsx'
import type { ScreenProps } from '../app/router.tsx'
import { ACCESS_LEVEL, SIGNER_ROLE } from './format.ts'
import { Markdown } from './markdown.tsx'
import { ChooseProgrammeFirst, LoadedView, ScreenHeading } from './screen-parts.tsx'
import { useLoad } from './use-load.ts'

const RESOURCE_KIND: Record<string, string> = {
  questionnaire: 'Questionnaire',
  document: 'Document',
  'information-note': 'Note d’information',
}

export function GuideScreen(_: ScreenProps) {
  const { current } = useProgramme()
  const [state] = useLoad(
    () => (current ? getDocuments(current.id) : Promise.resolve(undefined)),
    [current?.id],
  )
  return (
    <section className="screen">
      <ScreenHeading>Guide d’utilisation et règles d’accès</ScreenHeading>
      <nav aria-label="Sommaire du guide">
        <ul>
          <li>
            <a href="#guide">Guide d’utilisation</a>
          </li>
          <li>
            <a href="#regles">Règles d’accès et droits par rôle</a>
          </li>
          <li>
            <a href="#papier">Formulaires papier</a>
          </li>
          <li>
            <a href="#ressources">Ressources documentaires</a>
          </li>
        </ul>
      </nav>
      {!current ? (
        <>
          <ChooseProgrammeFirst />
          <AccessRules documents={undefined} />
        </>
      ) : (
        <LoadedView state={state} what="du guide">
          {(docs) => (docs ? <GuideView docs={docs} /> : null)}
        </LoadedView>
      )}
    </section>
  )
}

function GuideView({ docs }: { docs: TemplateDocuments }) {
  return (
    <>
      <h2 id="guide">{docs.userGuide?.title ?? 'Guide d’utilisation'}</h2>
      <p>
        Programme {docs.programme}, version {docs.version} du protocole.
      </p>
      {docs.userGuide ? (
        <Markdown source={docs.userGuide.content} headingOffset={2} />
      ) : (
        <p>Le laboratoire n’a pas fourni de guide pour cette version.</p>
      )}
      <AccessRules documents={docs} />
      <h2 id="papier">Formulaires papier</h2>
      <p>
        Si votre établissement recueille les données sur papier, imprimez les fiches du protocole : mêmes
        questions, dans le même ordre qu’à l’écran. Transmettez-les remplies et signées au laboratoire par
        messagerie sécurisée ; il les saisit pour vous.
      </p>
      <ul>
        <li>
          <a href={blankFichesPdfUrl(docs.templateVersionId)} download>
            Toutes les fiches vierges (PDF)
          </a>
        </li>
        {docs.ficheAccess.map((f) => (
          <li key={f.ficheId}>
            <a href={blankFichesPdfUrl(docs.templateVersionId, f.ficheId)} download>
              {f.title} (PDF)
            </a>
          </li>
        ))}
      </ul>
      <h2 id="ressources">Ressources documentaires</h2>
      {docs.resources.length === 0 ? (
        <p>Aucune ressource documentaire pour cette version.</p>
      ) : (
        docs.resources.map((r) => (
          <details key={r.id}>
            <summary>
              {RESOURCE_KIND[r.kind] ?? r.kind} : {r.title}
            </summary>
            <Markdown source={r.content} headingOffset={3} />
          </details>
        ))
      )}
    </>
  )
}

/** C5.1: the rules the server applies (domain/access/can.ts), in words, then the template's own table. */
function AccessRules({ documents }: { documents: TemplateDocuments | undefined }) {
  return (
    <>
      <h2 id="regles">Règles d’accès et droits par rôle</h2>
      <ul>
        <li>
          <strong>Prescripteur</strong> : accède aux données des patients pour lesquels il a fait une demande
          d’accès au traitement (la FAT qu’il ouvre est cette demande), ou pour lesquels un prescripteur ayant
          fait la demande l’a désigné ; saisit et signe la FAT.
        </li>
        <li>
          <strong>Pharmacien de la PUI</strong> : accède aux données de tous les patients de son établissement
          ; saisit et co-signe la FAT ; peut désigner un professionnel non médical.
        </li>
        <li>
          <strong>Professionnel non médical (PNM)</strong> : accède aux données des patients du programme
          après désignation expresse par un prescripteur ou un pharmacien ; saisit les fiches, sans signer la
          FAT.
        </li>
        <li>
          Les données saisies par un établissement restent distinctes : un autre établissement ne peut ni les
          modifier ni les supprimer. Chaque saisie, signature, réponse ou export est tracé.
        </li>
        <li>
          Toute modification d’une FAT signée annule ses signatures, qui doivent être données à nouveau.
        </li>
      </ul>
      {documents && (
        <>
          {documents.indications.length > 1 && (
            <>
              <h3>Accès par indication</h3>
              <ul>
                {documents.indications.map((i) => (
                  <li key={i.id}>
                    {i.label} : {i.access === 'distinct' ? 'accès distinct' : 'accès commun aux indications'}
                    {i.accessDescription && <> ({i.accessDescription})</>}
                  </li>
                ))}
              </ul>
            </>
          )}
          <table className="data-table">
            <caption>Droits par fiche et par rôle dans ce programme</caption>
            <thead>
              <tr>
                <th scope="col">Fiche</th>
                <th scope="col">Prescripteur</th>
                <th scope="col">Pharmacien</th>
                <th scope="col">Professionnel non médical</th>
                <th scope="col">Signatures requises</th>
              </tr>
            </thead>
            <tbody>
              {documents.ficheAccess.map((f) => (
                <tr key={f.ficheId}>
                  <th scope="row">{f.title}</th>
                  <td>{ACCESS_LEVEL[f.access.prescriber]}</td>
                  <td>{ACCESS_LEVEL[f.access.pharmacist]}</td>
                  <td>{ACCESS_LEVEL[f.access.pnm]}</td>
                  <td>{f.signers.map((r) => SIGNER_ROLE[r] ?? r).join(', ') || 'aucune'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  )
}
