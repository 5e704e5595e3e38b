/** French labels of the format's enumerations, for the designer's screens. */
import type { AccessLevel, FicheKind, HospitalRole, ItemType, Widget } from '@openput/designer'

export const FRAMEWORK_LABELS: Record<string, string> = {
  'aap-pre-amm': 'Accès précoce pré-AMM',
  'aap-post-amm': 'Accès précoce post-AMM',
  aac: 'Accès compassionnel (AAC)',
  cpc: 'Cadre de prescription compassionnelle (CPC)',
  'post-aap-coverage': 'Prise en charge après l’accès précoce',
}

export const FICHE_KIND_LABELS: Record<FicheKind, string> = {
  fat: 'Fiche d’accès au traitement (FAT)',
  fit: 'Fiche d’initiation (FIT)',
  suivi: 'Fiche de suivi',
  arret: 'Fiche d’arrêt',
  ei: 'Effet indésirable',
  'situation-particuliere': 'Situation particulière',
  qdv: 'Qualité de vie',
  autre: 'Autre',
}

export const ITEM_TYPE_LABELS: Record<ItemType, string> = {
  text: 'Texte',
  'long-text': 'Texte long',
  integer: 'Nombre entier',
  decimal: 'Nombre décimal',
  date: 'Date',
  'month-year': 'Mois/année',
  'yes-no': 'Oui/non',
  'single-choice': 'Choix unique',
  'multiple-choice': 'Choix multiple',
  repeat: 'Lignes répétées',
}

export const WIDGET_LABELS: Record<Widget, string> = {
  input: 'Champ de saisie',
  textarea: 'Zone de texte',
  radio: 'Boutons radio',
  select: 'Liste déroulante',
  checkboxes: 'Cases à cocher',
  date: 'Sélecteur de date',
  toggle: 'Interrupteur',
  table: 'Tableau',
}

export const ROLE_LABELS: Record<HospitalRole, string> = {
  prescriber: 'Prescripteur',
  pharmacist: 'Pharmacien',
  pnm: 'PNM',
}

export const ACCESS_LABELS: Record<AccessLevel, string> = {
  none: 'Aucun accès',
  read: 'Lecture',
  entry: 'Saisie',
  'entry-sign': 'Saisie et signature',
}
