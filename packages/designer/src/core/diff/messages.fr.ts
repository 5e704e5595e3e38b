/**
 * French wording of every change kind, for the reviewer of a new PUT version: what changed, then what
 * it means for the data already collected under the previous version.
 */
import type { Condition } from '../model/template-schema.ts'
import type { Change, ChangeClass, ChangeKind } from './types.ts'

export const CLASS_LABELS_FR: Readonly<Record<ChangeClass, string>> = {
  breaking: 'rupture',
  review: 'à examiner',
  compatible: 'compatible',
  cosmetic: 'cosmétique',
}

type MessageInput = Pick<Change, 'kind' | 'class' | 'target' | 'params' | 'before' | 'after'>

const q = (text: unknown) => `« ${String(text)} »`

/** A value as a reviewer reads it: conditions in words, lists joined, absence said. */
export function show(value: unknown): string {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return 'aucun'
  if (Array.isArray(value)) return value.map(show).join(', ')
  if (typeof value === 'boolean') return value ? 'oui' : 'non'
  if (typeof value === 'object') {
    return isCondition(value) ? describeCondition(value) : JSON.stringify(value)
  }
  return String(value)
}

function isCondition(value: object): value is Condition {
  return ['item', 'all', 'any', 'not'].some((k) => k in value)
}

export function describeCondition(c: Condition): string {
  if ('all' in c) return c.all.map((x) => `(${describeCondition(x)})`).join(' ET ')
  if ('any' in c) return c.any.map((x) => `(${describeCondition(x)})`).join(' OU ')
  if ('not' in c) return `NON (${describeCondition(c.not)})`
  if ('equals' in c) return `${c.item} = ${JSON.stringify(c.equals)}`
  if ('notEquals' in c) return `${c.item} ≠ ${JSON.stringify(c.notEquals)}`
  if ('in' in c) return `${c.item} parmi ${c.in.map((v) => JSON.stringify(v)).join(', ')}`
  if ('includes' in c) return `${c.item} contient ${JSON.stringify(c.includes)}`
  if ('filled' in c) return `${c.item} ${c.filled ? 'renseigné' : 'non renseigné'}`
  if ('atLeast' in c) return `${c.item} ≥ ${c.atLeast}`
  return `${c.item} ≤ ${c.atMost}`
}

function item(c: MessageInput): string {
  const { itemId, parentItemId } = c.target
  const label = c.params.label
  return parentItemId
    ? `La colonne ${q(label)} (${itemId}) de ${parentItemId}`
    : `L'élément ${q(label)} (${itemId})`
}

const fiche = (c: MessageInput) => `La fiche ${q(c.params.title)} (${c.target.ficheId})`
const beforeAfter = (c: MessageInput) => `${show(c.before)} → ${show(c.after)}`

const BOUND_NAMES: Record<string, string> = {
  min: 'minimum',
  max: 'maximum',
  minDate: 'date minimale',
  maxDate: 'date maximale',
  minLength: 'longueur minimale',
  maxLength: 'longueur maximale',
  minSelected: 'nombre minimal de choix',
  maxSelected: 'nombre maximal de choix',
  minRows: 'nombre minimal de lignes',
  maxRows: 'nombre maximal de lignes',
  decimals: 'nombre de décimales',
}

const CARRY_OVER = 'Les données déjà recueillies restent rattachées à la version précédente.'

export const MESSAGES_FR: Readonly<Record<ChangeKind, (c: MessageInput) => string>> = {
  'medicine-changed': (c) => `Médicament (${c.params.field}) modifié : ${beforeAfter(c)}.`,
  'holder-changed': (c) =>
    `Changement de titulaire : ${beforeAfter(c)}. Le recueil se poursuit ; vérifier les informations et les accès.`,
  'operator-changed': (c) => `Opérateur du recueil modifié : ${beforeAfter(c)}.`,
  'framework-changed': (c) =>
    c.class === 'compatible'
      ? `Cadre réglementaire : ${beforeAfter(c)}. Le recueil se poursuit à l'identique, numéros d'enregistrement inchangés (C8.2, C8.3).`
      : `Cadre réglementaire : ${beforeAfter(c)}. Il s'agit d'une autorisation distincte : la fiche d'accès au traitement doit être remplie à nouveau (C8.1).`,
  'put-kind-changed': (c) =>
    `Type de PUT modifié : ${beforeAfter(c)}. Les données recueillies ne relèvent plus du même protocole.`,
  'decision-added': (c) => `Décision ajoutée : ${c.params.name}.`,
  'decision-removed': (c) =>
    `Décision retirée : ${c.params.name}. Vérifier qu'elle n'encadre plus le recueil.`,
  'decision-changed': (c) => `Décision ${c.target.code} modifiée (autorité ou date).`,
  'indication-added': (c) => `Indication ajoutée : ${q(c.params.name)}.`,
  'indication-removed': (c) =>
    `Indication retirée : ${q(c.params.name)}. Les patients déjà inclus dans cette indication n'en ont plus dans cette version.`,
  'indication-label-changed': (c) =>
    `Libellé de l'indication ${c.target.indicationId} : ${q(c.params.before)} → ${q(c.params.name)}. Vérifier que les patients inclus y correspondent toujours.`,
  'indication-access-changed': (c) =>
    `Modalités d'accès de l'indication ${q(c.params.name)} modifiées (accès commun ou distinct, C3.3).`,
  'ucd-added': (c) => `UCD ajoutée : ${c.target.code} (${c.params.name}).`,
  'ucd-removed': (c) =>
    `UCD retirée : ${c.target.code} (${c.params.name}). Les fiches où ce dosage a été choisi portent un code qui n'existe plus.`,
  'ucd-changed': (c) =>
    `UCD ${c.target.code} modifiée (libellé ou dosage) : ${q(c.params.before)} → ${q(c.params.name)}.`,
  'report-periodicity-changed': (c) => `Périodicité des rapports de synthèse : ${beforeAfter(c)} (P3).`,
  'authorisation-duration-changed': (c) => `Durée de l'autorisation : ${beforeAfter(c)} (P4).`,

  'group-added': (c) => `Groupe du catalogue ajouté : ${q(c.params.title)}.`,
  'group-removed': (c) => `Groupe du catalogue retiré : ${q(c.params.title)}.`,
  'group-changed': (c) => `Groupe du catalogue ${c.target.groupId} : titre ou annexe modifiés.`,
  'item-added': (c) =>
    c.class === 'breaking'
      ? `${item(c)} est ajouté (${c.params.type}) et obligatoire. Les fiches déjà saisies ne le contiennent pas : elles deviennent incomplètes et la donnée devra être saisie (requêtes à prévoir).`
      : `${item(c)} est ajouté (${c.params.type}). Les fiches déjà saisies ne le contiennent pas ; il sera vide pour elles.`,
  'item-removed': (c) =>
    `${item(c)} est supprimé. Les valeurs déjà saisies ne seront plus collectées ni présentées dans cette version. ${CARRY_OVER}`,
  'item-label-changed': (c) =>
    c.class === 'cosmetic'
      ? `${item(c)} : libellé corrigé (${q(c.before)} → ${q(c.after)}), sens inchangé.`
      : `${item(c)} : libellé reformulé (${q(c.before)} → ${q(c.after)}). Vérifier que les réponses déjà saisies gardent le même sens.`,
  'item-help-changed': (c) => `${item(c)} : texte d'aide modifié.`,
  'item-type-changed': (c) =>
    c.class === 'compatible'
      ? `${item(c)} : type élargi (${beforeAfter(c)}) ; toutes les valeurs déjà saisies restent valides.`
      : `${item(c)} : type modifié (${beforeAfter(c)}) ; les valeurs déjà saisies ne sont plus du bon type.`,
  'item-option-added': (c) => `${item(c)} : modalité ajoutée ${c.params.code} = ${q(c.params.option)}.`,
  'item-option-removed': (c) =>
    `${item(c)} : modalité supprimée ${c.params.code} = ${q(c.params.option)}. Les réponses déjà saisies avec ce code deviennent invalides.`,
  'item-option-relabelled': (c) =>
    c.class === 'cosmetic'
      ? `${item(c)} : libellé de la modalité ${c.params.code} corrigé (${q(c.before)} → ${q(c.after)}).`
      : `${item(c)} : modalité ${c.params.code} renommée (${q(c.before)} → ${q(c.after)}). Les réponses déjà saisies avec ce code seront lues avec le nouveau libellé.`,
  'item-option-code-meaning-changed': (c) =>
    `${item(c)} : le code ${c.params.code} change de sens (${q(c.before)} → ${q(c.after)}, libellé d'un autre code). Les réponses déjà saisies avec ce code seraient lues avec un autre sens : recodage nécessaire.`,
  'item-options-reordered': (c) => `${item(c)} : ordre des modalités modifié (${beforeAfter(c)}).`,
  'item-options-from-changed': (c) =>
    `${item(c)} : source des modalités modifiée (${beforeAfter(c)}). Les codes déjà saisis proviennent d'une autre liste.`,
  'item-bounds-narrowed': (c) =>
    `${item(c)} : ${BOUND_NAMES[String(c.params.bound)] ?? c.params.bound} resserré (${beforeAfter(c)}). Des valeurs déjà saisies peuvent sortir des nouvelles limites.`,
  'item-bounds-widened': (c) =>
    `${item(c)} : ${BOUND_NAMES[String(c.params.bound)] ?? c.params.bound} élargi (${beforeAfter(c)}) ; les valeurs déjà saisies restent valides.`,
  'item-required-added': (c) =>
    `${item(c)} devient obligatoire. Les fiches déjà saisies sans cette valeur deviennent incomplètes.`,
  'item-required-removed': (c) => `${item(c)} devient facultatif.`,
  'item-condition-changed': (c) =>
    `${item(c)} : condition d'affichage modifiée (${beforeAfter(c)}). Des valeurs déjà saisies peuvent ne plus être pertinentes, ou manquer.`,
  'item-pattern-changed': (c) =>
    c.class === 'compatible'
      ? `${item(c)} : format imposé supprimé.`
      : `${item(c)} : format imposé (${beforeAfter(c)}). Des valeurs déjà saisies peuvent ne pas le respecter.`,
  'item-format-changed': (c) =>
    c.class === 'compatible'
      ? `${item(c)} : contrôle de format supprimé.`
      : `${item(c)} : contrôle de format ${beforeAfter(c)}. Des valeurs déjà saisies peuvent ne pas le respecter.`,
  'item-unit-changed': (c) =>
    `${item(c)} : unité modifiée (${beforeAfter(c)}). Les valeurs déjà saisies sont exprimées dans l'ancienne unité.`,
  'item-filled-by-changed': (c) => `${item(c)} : rôles qui le renseignent modifiés (${beforeAfter(c)}).`,
  'item-group-changed': (c) => `${item(c)} déplacé du groupe ${q(c.params.from)} vers ${q(c.params.to)}.`,
  'item-parent-changed': (c) =>
    `${item(c)} change de place dans les lignes répétées (${show(c.params.from)} → ${show(c.params.to)}). La forme des données déjà saisies change.`,
  'item-fiches-changed': (c) =>
    `${item(c)} est recueilli dans d'autres fiches (${beforeAfter(c)}). Les valeurs déjà saisies restent dans les fiches d'origine.`,

  'fiche-added': (c) => `${fiche(c)} est ajoutée (${c.params.ficheKind}).`,
  'fiche-removed': (c) => `${fiche(c)} est supprimée. Ses données ne seront plus recueillies. ${CARRY_OVER}`,
  'fiche-kind-changed': (c) =>
    `${fiche(c)} change de nature (${beforeAfter(c)}) : droits d'accès, signature et suivi en dépendent.`,
  'fiche-title-changed': (c) => `${fiche(c)} : titre modifié (${q(c.before)} → ${q(c.after)}).`,
  'fiche-presentation-changed': (c) => `${fiche(c)} : présentation modifiée (${c.params.field}).`,
  'fiche-repeatable-changed': (c) =>
    c.class === 'breaking'
      ? `${fiche(c)} n'est plus répétable. Les patients qui en ont déjà plusieurs ne peuvent plus être représentés.`
      : `${fiche(c)} devient répétable.`,
  'fiche-ucd-changed': (c) => `${fiche(c)} : UCD ciblée modifiée (${beforeAfter(c)}).`,
  'section-added': (c) => `${fiche(c)} : section ${q(c.params.section)} ajoutée.`,
  'section-removed': (c) => `${fiche(c)} : section ${q(c.params.section)} retirée.`,
  'section-renamed': (c) => `${fiche(c)} : section renommée (${q(c.before)} → ${q(c.after)}).`,
  'section-description-changed': (c) =>
    `${fiche(c)} : description de la section ${q(c.params.section)} modifiée.`,
  'sections-reordered': (c) => `${fiche(c)} : ordre des sections modifié (${beforeAfter(c)}).`,
  'section-when-changed': (c) =>
    `${fiche(c)} : condition de la section ${q(c.params.section)} modifiée (${beforeAfter(c)}). Des valeurs déjà saisies peuvent ne plus être pertinentes.`,
  'fiche-elements-reordered': (c) =>
    `${fiche(c)} : ordre des éléments de la section ${q(c.params.section)} modifié.`,
  'element-section-changed': (c) =>
    `${fiche(c)} : ${c.params.item} déplacé de la section ${c.before} vers ${c.after}.`,
  'element-widget-changed': (c) =>
    `${fiche(c)} : présentation de ${c.params.item} modifiée (${beforeAfter(c)}).`,
  'element-when-changed': (c) =>
    `${fiche(c)} : condition propre à ${c.params.item} modifiée (${beforeAfter(c)}). Des valeurs déjà saisies peuvent ne plus être pertinentes.`,
  'element-read-only-changed': (c) =>
    `${fiche(c)} : ${c.params.item} ${c.after ? 'devient en lecture seule' : 'redevient saisissable'}.`,
  'fiche-notes-changed': (c) => `${fiche(c)} : textes explicatifs modifiés.`,
  'signatures-required-changed': (c) =>
    `${fiche(c)} : signatures obligatoires ${beforeAfter(c)} (seule la FAT peut exiger une signature, C5.6).`,
  'signatures-optional-changed': (c) => `${fiche(c)} : signatures facultatives ${beforeAfter(c)}.`,
  'fiche-access-changed': (c) =>
    `${fiche(c)} : accès du rôle ${c.target.role} ${beforeAfter(c)} (matrice C5.5).`,
  'prefill-equivalence-added': (c) =>
    `${fiche(c)} : ${c.params.item} pourra être prérempli depuis ${c.params.sourceItem} (fiche ${q(c.params.sourceFiche)} du programme ${q(c.params.programme)}, C8.1).`,
  'prefill-equivalence-removed': (c) =>
    `${fiche(c)} : ${c.params.item} n'est plus prérempli depuis le programme ${q(c.params.programme)} (C8.1).`,
  'prefill-equivalence-changed': (c) =>
    `${fiche(c)} : ${c.params.item} est prérempli depuis le programme ${q(c.params.programme)} ${beforeAfter(c)} (C8.1).`,

  'schedule-added': () =>
    'Calendrier de suivi ajouté : des visites deviennent attendues pour les patients déjà inclus.',
  'schedule-removed': () =>
    'Calendrier de suivi supprimé : plus aucune visite attendue ni de retard signalé.',
  'schedule-anchor-changed': (c) =>
    `Date de référence du calendrier modifiée (${c.params.from} → ${c.params.to}) : toutes les échéances des patients déjà inclus sont recalculées.`,
  'visit-added': (c) => `Visite ${q(c.params.visit)} ajoutée au calendrier.`,
  'visit-removed': (c) =>
    `Visite ${q(c.params.visit)} retirée du calendrier. Les fiches déjà saisies pour cette visite restent.`,
  'visit-timing-changed': (c) =>
    `Visite ${q(c.params.visit)} : échéance modifiée (${show(c.params.fields)}). Les visites attendues et les retards des patients déjà inclus changent.`,
  'visit-fiche-changed': (c) => `Visite ${q(c.params.visit)} : fiche à remplir ${beforeAfter(c)}.`,
  'visit-label-changed': (c) => `Visite ${c.target.visitId} renommée (${q(c.before)} → ${q(c.after)}).`,
  'visit-ucd-changed': (c) => `Visite ${q(c.params.visit)} : UCD concernée ${beforeAfter(c)}.`,

  'document-added': (c) => `Document ajouté : ${q(c.params.name)}.`,
  'document-removed': (c) => `Document retiré : ${q(c.params.name)}.`,
  'document-changed': (c) => `Document modifié : ${q(c.params.name)}.`,
}

export function changeMessage(change: MessageInput): string {
  return MESSAGES_FR[change.kind](change)
}
