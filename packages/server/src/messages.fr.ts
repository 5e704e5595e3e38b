/**
 * French wording of every problem code: a title (the kind of problem) and a detail built from params.
 * Keyed by the closed union, so a new code without its message does not typecheck.
 */
import type { ProblemCode, ProblemParams } from './errors.ts'

interface Message {
  title: string
  detail: (p: ProblemParams) => string
}

const RESOURCES: Record<string, string> = {
  fiche: 'fiche',
  revision: 'révision',
  patient: 'patient',
  enrolment: 'inclusion',
  programme: 'programme',
  'template-version': 'version de modèle',
  'template-fiche': 'fiche du modèle',
  'export-table': "table d'export",
  establishment: 'établissement',
  designation: 'désignation',
  'dispensing-grant': 'autorisation de dispensation',
  user: 'utilisateur',
  query: 'query',
  'registration-number': "numéro d'enregistrement",
}
const FRAMEWORK_FR: Record<string, string> = {
  'aap-pre-amm': 'accès précoce pré-AMM',
  'aap-post-amm': 'accès précoce post-AMM',
  'post-aap-coverage': 'prise en charge transitoire',
  aac: 'accès compassionnel',
  cpc: 'cadre de prescription compassionnelle',
}
const frameworkFr = (value: unknown) => `« ${FRAMEWORK_FR[String(value)] ?? String(value)} »`
const QUERY_STATUS_FR: Record<string, string> = {
  open: 'ouverte',
  answered: 'répondue',
  closed: 'close',
}
const QUERY_ACTION_FR: Record<string, string> = {
  answer: 'y répondre',
  close: 'la clore',
  reopen: 'la rouvrir',
}
const SESSION_REFUSALS: Record<string, string> = {
  missing: 'Aucune session : connectez-vous (/auth/login).',
  unknown: 'Session inconnue : connectez-vous à nouveau (/auth/login).',
  expired: 'Votre session a expiré : connectez-vous à nouveau (/auth/login).',
  revoked: 'Votre session a été fermée : connectez-vous à nouveau (/auth/login).',
}

const AUTHENTICATION_FAILURES: Record<string, string> = {
  'no-login-attempt': 'aucune tentative de connexion en cours dans ce navigateur, ou elle a expiré',
  'callback-refused': 'réponse du fournisseur refusée : état, nonce, code ou jeton invalide',
  'acr-mismatch': "niveau d'authentification insuffisant",
  'step-up-other-user': 'la nouvelle authentification concerne une autre personne que celle de la session',
}

const resource = (p: ProblemParams) => RESOURCES[String(p.resource)] ?? String(p.resource ?? 'ressource')

export const MESSAGES_FR: Record<ProblemCode, Message> = {
  'invalid-request': {
    title: 'Requête invalide',
    detail: () => 'La requête ne respecte pas le format attendu ; voir la liste des erreurs.',
  },
  'invalid-cursor': {
    title: 'Curseur de pagination invalide',
    detail: () =>
      'Le curseur de pagination (cursor) ne provient pas de la page précédente de cette liste : reprenez depuis la première page.',
  },
  'malformed-json': {
    title: 'JSON mal formé',
    detail: () => "Le corps de la requête n'est pas un JSON valide.",
  },
  'unsafe-return-to': {
    title: 'Adresse de retour refusée',
    detail: (p) =>
      `L'adresse de retour ${p.returnTo ? `« ${String(p.returnTo)} » ` : ''}doit être une page d'OpenPUT (un chemin commençant par /).`,
  },
  unauthenticated: {
    title: 'Connexion requise',
    detail: (p) => SESSION_REFUSALS[String(p.reason)] ?? SESSION_REFUSALS.missing!,
  },
  'authentication-failed': {
    title: 'Connexion refusée',
    detail: (p) =>
      `La connexion n'a pas pu être vérifiée (${AUTHENTICATION_FAILURES[String(p.reason)] ?? 'réponse du fournisseur d’identité non conforme'}). Recommencez la connexion.`,
  },
  'unknown-account': {
    title: 'Compte inconnu',
    detail: () =>
      "Vous êtes bien identifié, mais aucun compte OpenPUT n'est associé à votre identité. Les comptes sont nominatifs et créés par le laboratoire : demandez-lui l'ouverture du vôtre.",
  },
  'recent-authentication-required': {
    title: 'Nouvelle authentification requise',
    detail: (p) =>
      `Cette action demande une authentification de moins de ${Math.round(Number(p.maxAgeSeconds ?? 300) / 60)} minute(s) : reconnectez-vous (${String(p.stepUpPath ?? '/auth/step-up')}).`,
  },
  forbidden: {
    title: 'Action non autorisée',
    detail: (p) => `Vos droits ne permettent pas cette action${p.reason ? ` : ${p.reason}` : ''}.`,
  },
  'not-found': {
    title: 'Ressource introuvable',
    detail: (p) => `Aucune ressource « ${resource(p)} » ne porte l'identifiant ${String(p.id)}.`,
  },
  'route-not-found': {
    title: 'Adresse inconnue',
    detail: (p) => `Aucune opération à l'adresse ${String(p.path)}.`,
  },
  'template-version-exists': {
    title: 'Version déjà publiée',
    detail: (p) =>
      `La version ${String(p.version)} du programme ${String(p.programme)} est déjà publiée ; une version publiée ne change plus.`,
  },
  'stale-revision': {
    title: 'Fiche modifiée entre-temps',
    detail: (p) =>
      `La fiche a été modifiée depuis la révision sur laquelle vous travailliez (révision courante n° ${String(p.currentSeq)}). Rien n'a été écrasé : repartez de la révision courante.`,
  },
  'already-enrolled': {
    title: 'Patient déjà inclus',
    detail: () => 'Ce patient est déjà inclus dans ce programme.',
  },
  'registration-number-taken': {
    title: "Numéro d'enregistrement déjà attribué",
    detail: (p) =>
      `Le numéro d'enregistrement ${String(p.registrationNumber)} est déjà attribué dans ce programme.`,
  },
  'registration-number-already-assigned': {
    title: "Numéro d'enregistrement déjà présent",
    detail: (p) =>
      `Ce dossier a déjà le numéro d'enregistrement ${String(p.registrationNumber)} ; un numéro attribué ne change plus.`,
  },
  'immutable-record': {
    title: 'Enregistrement non modifiable',
    detail: () => 'Cet enregistrement est définitif : il ne peut être ni modifié ni supprimé.',
  },
  'already-revoked': {
    title: 'Déjà révoqué',
    detail: () => 'Cette désignation ou cette autorisation a déjà été révoquée.',
  },
  'already-signed': {
    title: 'Déjà signée',
    detail: (p) =>
      `Cette révision porte déjà la signature ${p.role === 'pharmacist' ? 'du pharmacien' : 'du prescripteur'}.`,
  },
  'invalid-query-transition': {
    title: 'Action impossible sur cette query',
    detail: (p) =>
      `Cette query est ${QUERY_STATUS_FR[String(p.status)] ?? String(p.status)} : on ne peut pas ${QUERY_ACTION_FR[String(p.action)] ?? 'faire cette action'}.`,
  },
  'draft-stale': {
    title: 'Brouillon modifié entre-temps',
    detail: (p) =>
      `Le brouillon a été enregistré par quelqu'un d'autre depuis la révision n° ${String(p.expected)} sur laquelle vous travailliez (révision courante n° ${String(p.current)}). Rien n'a été écrasé : rechargez le brouillon.`,
  },
  'draft-not-editable': {
    title: 'Brouillon non modifiable',
    detail: (p) =>
      p.state === 'published'
        ? 'Cette version est publiée : elle ne change plus. Créez une nouvelle version pour la modifier.'
        : p.state === 'in-review'
          ? 'Cette version est en relecture : elle ne peut pas être modifiée tant que le relecteur ne l’a pas renvoyée en brouillon.'
          : `Action impossible sur une version à l'état « ${String(p.state)} ».`,
  },
  'draft-already-open': {
    title: 'Version déjà en préparation',
    detail: (p) =>
      `Le programme ${String(p.programme)} a déjà une version en préparation : terminez-la ou publiez-la avant d'en commencer une autre.`,
  },
  'approval-required': {
    title: 'Approbation requise',
    detail: (p) =>
      `Cette version comporte ${String(p.breakingCount)} modification(s) qui invalident des données déjà saisies par rapport à la version ${String(p.previousVersion)} : un relecteur doit l'approuver avant sa publication.`,
  },
  'draft-programme-changed': {
    title: 'Programme modifié',
    detail: (p) =>
      `Ce brouillon appartient au programme ${String(p.programme)} ; le modèle enregistré indique « ${String(p.found)} ». Le programme d'un brouillon ne change pas.`,
  },
  'draft-has-errors': {
    title: 'Brouillon non conforme',
    detail: (p) =>
      `Le brouillon comporte ${String(p.errorCount)} erreur(s) des contrôles de la charte : corrigez-les avant de le soumettre ou de le publier.`,
  },
  conflict: { title: 'Conflit', detail: () => 'Cette donnée existe déjà.' },
  'payload-too-large': {
    title: 'Requête trop volumineuse',
    detail: (p) =>
      `Le corps de la requête dépasse la taille maximale autorisée (${String(p.maxBytes)} octets).`,
  },
  'unsupported-media-type': {
    title: 'Type de contenu non pris en charge',
    detail: () => 'Le corps de la requête doit être du JSON (Content-Type: application/json).',
  },
  'template-invalid': {
    title: 'Modèle refusé',
    detail: (p) =>
      `Le modèle ne peut pas être publié : ${String(p.errorCount)} erreur(s) ; voir la liste des constats.`,
  },
  'field-outside-put': {
    title: 'Donnée hors PUT',
    detail: (p) =>
      `Ces données ne figurent pas dans la fiche publiée et ne peuvent pas être recueillies : ${(p.paths as string[] | undefined)?.join(', ') ?? ''}.`,
  },
  'fiche-invalid': {
    title: 'Fiche incomplète ou invalide',
    detail: (p) => `La fiche ne peut pas être validée : ${String(p.errorCount)} erreur(s) ; voir la liste.`,
  },
  'idempotency-key-reused': {
    title: "Clé d'idempotence réutilisée",
    detail: () => "Cette clé d'idempotence a déjà servi pour une autre requête.",
  },
  'referenced-record-missing': {
    title: 'Référence inconnue',
    detail: () => "La requête désigne un enregistrement qui n'existe pas.",
  },
  'unknown-template-version': {
    title: 'Version de modèle inconnue',
    detail: (p) => `La version de modèle ${String(p.templateVersionId)} n'existe pas pour ce programme.`,
  },
  'unknown-indication': {
    title: 'Indication inconnue',
    detail: (p) => `Le programme n'a pas d'indication « ${String(p.indicationId)} ».`,
  },
  'indication-required': {
    title: 'Indication à préciser',
    detail: (p) =>
      `Les indications de ce programme ont des accès distincts (C3.3) : précisez l'indication (${(p.indications as string[] | undefined)?.join(', ') ?? ''}).`,
  },
  'invalid-designee': {
    title: 'Désignation impossible',
    detail: (p) =>
      `La personne désignée doit être ${p.designeeRole === 'pnm' ? 'un personnel non médical' : 'un prescripteur'} de l'établissement.`,
  },
  'invalid-grantee': {
    title: 'Autorisation impossible',
    detail: () =>
      "L'accès en lecture pour la dispensation s'accorde à un pharmacien d'un autre établissement que celui qui suit le patient (C9.2).",
  },
  'invalid-transfer': {
    title: 'Transfert impossible',
    detail: (p) =>
      p.reason === 'same-establishment'
        ? 'Le dossier est déjà suivi dans cet établissement à cette date.'
        : "La date d'effet doit suivre celle du dernier transfert du dossier (C10.3).",
  },
  'revision-not-signable': {
    title: 'Révision non signable',
    detail: (p) =>
      p.reason === 'not-head'
        ? 'Seule la révision courante de la fiche se signe : une révision plus récente existe.'
        : 'Seule une fiche validée se signe : cette révision est un brouillon.',
  },
  'invalid-paper-signature': {
    title: 'Signature papier impossible',
    detail: () =>
      "Une signature papier s'enregistre par le laboratoire, sur une fiche qu'il a transcrite depuis le formulaire papier signé (C2.2).",
  },
  'unknown-item': {
    title: 'Champ inconnu',
    detail: (p) => `La fiche ne comporte pas de champ à l'emplacement ${String(p.itemPath)}.`,
  },
  'invalid-status-change': {
    title: 'Changement de statut impossible',
    detail: (p) =>
      `Le programme ne peut pas passer du cadre ${frameworkFr(p.from)} au cadre ${frameworkFr(p.to)}. Seuls se suivent l'accès précoce pré-AMM, l'accès précoce post-AMM puis la prise en charge transitoire (C8.2, C8.3) ; un accès compassionnel suivi d'un accès précoce est un autre programme (C8.1).`,
  },
  'freeze-too-soon': {
    title: 'Gel de base trop proche',
    detail: (p) =>
      `Le gel de la base doit être annoncé au moins deux mois à l'avance : la date la plus proche possible est le ${String(p.earliest)} (demandé : ${String(p.freezeOn)}) (C12.1).`,
  },
  'prefill-unconfirmed': {
    title: 'Valeurs préremplies à confirmer',
    detail: (p) =>
      `Ces valeurs ont été reprises d'un autre programme et doivent être confirmées (ou corrigées) avant l'envoi : ${Array.isArray(p.items) ? p.items.join(', ') : String(p.items)} (C8.1).`,
  },
  'prefill-source-missing': {
    title: 'Aucune donnée à reprendre',
    detail: (p) =>
      `Aucune fiche ${String(p.sourceFiche ?? '')} du programme ${String(p.programme ?? '')} n'est accessible pour ce patient : choisissez l'inclusion d'origine que vous pouvez consulter (C8.1).`,
  },
  'programme-frozen': {
    title: 'Base gelée',
    detail: (p) =>
      `La base de ce programme est gelée${p.freezesOn ? ` depuis le ${String(p.freezesOn)}` : ''} : les données se consultent mais ne se modifient plus (C12).`,
  },
  'access-renewal-not-applicable': {
    title: 'Renouvellement impossible',
    detail: (p) =>
      p.decisionDate
        ? `La décision de renouvellement est datée du ${String(p.decisionDate)}, dans le futur : enregistrez-la une fois rendue (P4).`
        : `Seules les autorisations d'accès compassionnel (AAC, CPC) ont une durée qui se renouvelle ; ce programme relève du cadre ${frameworkFr(p.framework)} (P4).`,
  },
  'ambiguous-registration-number': {
    title: "Numéro d'enregistrement ambigu",
    detail: (p) =>
      `Le numéro ${String(p.registrationNumber)} existe dans plusieurs programmes : précisez le programme (paramètre « programme »).`,
  },
  'invalid-migration': {
    title: 'Migration de version impossible',
    detail: (p) =>
      p.reason === 'same-version'
        ? 'Les fiches sont déjà sur cette version du modèle : choisissez une autre version de départ.'
        : p.reason === 'other-programme'
          ? `La version de départ ${String(p.fromVersionId)} appartient à un autre programme que la version cible : une migration ne change pas de programme.`
          : `La version de départ ${String(p.fromVersionId)} n'existe pas.`,
  },
  'invalid-period': {
    title: "Période d'export invalide",
    detail: (p) =>
      `La période du ${String(p.from)} au ${String(p.to)} est invalide : la date de début doit précéder la date de fin (dates AAAA-MM-JJ).`,
  },
  internal: {
    title: 'Erreur interne',
    detail: () => "Une erreur inattendue s'est produite ; elle a été journalisée.",
  },
  'database-unavailable': {
    title: 'Base de données indisponible',
    detail: () => 'La base de données ne répond pas ; réessayez dans quelques instants.',
  },
  'identity-provider-unavailable': {
    title: "Fournisseur d'identité indisponible",
    detail: () =>
      "Le fournisseur d'identité (Plage / Pro Santé Connect) ne répond pas ou ne correspond pas à la configuration ; réessayez dans quelques instants.",
  },
  'pdf-unavailable': {
    title: 'Impression indisponible',
    detail: () =>
      "Le moteur d'impression PDF (Chromium) n'est pas disponible sur ce serveur ; utilisez l'impression du navigateur ou réessayez plus tard.",
  },
}
