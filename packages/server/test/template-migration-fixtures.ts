/**
 * A programme on the minimal template with fiches of two establishments, and a version 2.0 with one
 * change of each impact: a narrowed bound, a new required item, a removed option, a removed item.
 */
import type { Actor } from '../src/domain/actor.ts'
import type { Deps } from '../src/domain/deps.ts'
import { createFiche } from '../src/domain/fiches/create-fiche.ts'
import { saveFiche } from '../src/domain/fiches/save-fiche.ts'
import { createPatient } from '../src/domain/patients/create-patient.ts'
import { enrolPatient } from '../src/domain/patients/enrol-patient.ts'
import { templateVariant, type World } from './harness.ts'

export function versionTwo(slug: string): string {
  const replacements: [string, string][] = [
    ['min: 1, max: 400', 'min: 1, max: 200'],
    [
      '      - { id: ucd, label: Dosage prévu',
      '      - { id: taille_cm, label: Taille, type: integer, unit: cm, min: 30, max: 250, required: true }\n      - { id: ucd, label: Dosage prévu',
    ],
    [
      'elements: [{ item: sexe }, { item: poids_kg }',
      'elements: [{ item: sexe }, { item: poids_kg }, { item: taille_cm }',
    ],
    ['{ code: toxicite, label: Toxicité }, ', ''],
    ['      - { id: poursuite, label: Traitement poursuivi, type: yes-no, required: true }\n', ''],
    ['elements: [{ item: date_visite }, { item: poursuite }]', 'elements: [{ item: date_visite }]'],
  ]
  let yaml = templateVariant(slug, '2.0')
  for (const [from, to] of replacements) {
    if (!yaml.includes(from)) throw new Error(`fixture: "${from}" not found in the minimal template`)
    yaml = yaml.replace(from, to)
  }
  return yaml
}

export const FAT_DATA = {
  sexe: 'F',
  poids_kg: 72.5,
  ucd: '9000001',
  grossesse_possible: false,
  traitements_anterieurs: [{ traitement_nom: 'Méthotrexate', traitement_debut: '2024-03' }],
}

/** One patient's fiches, submitted: FAT (weight `weight`), a follow-up visit and a stop for `motif`. */
export async function patientWithFiches(
  deps: Deps,
  actor: Actor,
  world: World,
  establishmentId: string,
  o: { weight: number; motif: 'progression' | 'toxicite' },
) {
  const patient = await createPatient(deps, { actor, establishmentId })
  const enrolment = await enrolPatient(deps, { actor, patientId: patient.id, programme: world.programme })
  const submit = async (ficheId: string, data: Record<string, unknown>) => {
    const draft = await createFiche(deps, { actor, enrolmentId: enrolment.id, ficheId, data })
    return saveFiche(deps, {
      actor,
      ficheInstanceId: draft.id,
      baseRevisionId: draft.head.id,
      mode: 'submit',
    })
  }
  const fat = await submit('fat', { ...FAT_DATA, poids_kg: o.weight })
  const suivi = await submit('suivi', { date_visite: '2026-03-01', poursuite: true })
  const arret = await submit('arret', { date_arret: '2026-06-01', motif_arret: o.motif })
  return { enrolmentId: enrolment.id, fat, suivi, arret }
}
