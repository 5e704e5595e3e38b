/** French names of the roles the server reports in a session's memberships. */
export const ROLE_LABELS: Record<string, string> = {
  prescriber: 'Prescripteur',
  pharmacist: 'Pharmacien',
  pnm: 'Professionnel non médical',
  'programme-manager': 'Gestionnaire du programme',
  'data-manager': 'Data manager',
  monitor: 'Attaché de recherche clinique',
  'template-author': 'Auteur de modèles',
  reviewer: 'Relecteur',
}

export const roleLabel = (role: string) => ROLE_LABELS[role] ?? role
