/**
 * Why the access rules refuse, as codes, and their French wording (the `forbidden` problem's `reason`).
 * One row per code: the parity test and docs/access-rules.md list the same codes.
 */

export const DENIAL_MESSAGES_FR = {
  'no-role': "vous n'avez aucun rôle dans un établissement ou un laboratoire",
  'other-establishment': "ce dossier n'est pas suivi dans votre établissement",
  'other-organisation': "ce programme relève d'un autre laboratoire",
  'no-access-request':
    "vous n'avez pas fait de demande d'accès au traitement pour ce programme dans votre établissement, et aucun prescripteur qui en a fait une ne vous a désigné (C5.2)",
  'not-designated':
    'aucun prescripteur ni pharmacien ne vous a désigné pour ce programme dans votre établissement (C5.4)',
  'fiche-read-only': 'le modèle de cette fiche ne vous ouvre pas la saisie (C5.5)',
  'cannot-sign': 'seuls les prescripteurs et les pharmaciens signent la fiche d’accès au traitement (C5.5)',
  'signature-not-offered': 'le modèle de cette fiche ne propose pas votre signature (C5.6)',
  'transferred-away':
    'ce dossier a été transféré dans un autre établissement : vous pouvez le lire, plus le modifier (C10.2)',
  'before-transfer-date':
    'ce dossier est transféré dans votre établissement, mais la saisie ne vous est ouverte qu’à partir de la date du transfert (C10.2)',
  'other-establishment-data':
    'ces données ont été saisies par un autre établissement : vous ne pouvez pas les modifier (C10.4)',
  'dispensing-read-only':
    'votre accès à ce dossier, accordé pour la dispensation, est en lecture seule (C9.2)',
  'medical-team-only':
    "seule l'équipe médicale qui suit le patient peut ouvrir l'accès à un pharmacien dispensateur (C9.2)",
  'programme-manager-only': "seul le gestionnaire de l'outil du laboratoire peut faire cette action (C10.1)",
  'no-patient-data': 'votre rôle au laboratoire ne donne pas accès aux données des patients',
  'read-only-role': 'votre rôle au laboratoire est en lecture seule',
  'pnm-cannot-designate': 'un personnel non médical ne désigne personne (C5.4)',
  'pharmacist-designates-pnm': 'un pharmacien ne désigne que des personnels non médicaux (C5.4)',
  'role-not-allowed': 'votre rôle ne permet pas cette action',
  'template-team-only':
    'seuls les rédacteurs, relecteurs et gestionnaires de modèles du laboratoire voient les brouillons (P2)',
  'template-authors-only': 'seuls les rédacteurs de modèles du laboratoire modifient un brouillon (P2)',
  'reviewers-only': 'seuls les relecteurs du laboratoire approuvent ou refusent une version de modèle (P2)',
  'own-draft': 'vous avez rédigé ce brouillon : un autre relecteur doit l’approuver (P2)',
  'programme-frozen':
    'la base de ce programme est gelée : ses données se consultent, elles ne se modifient plus (C12)',
  'data-management-only':
    "seuls le gestionnaire de l'outil et le data manager du laboratoire peuvent faire cette action (migration de version, export des données ; P2, P3)",
  'pharmacist-only':
    "seul un pharmacien de l'établissement concerné peut faire cette action (vérification d'une commande, C11 ; rapport de clôture, C12.2)",
} as const

export type DenialReason = keyof typeof DENIAL_MESSAGES_FR

export const DENIAL_REASONS = Object.keys(DENIAL_MESSAGES_FR) as DenialReason[]
