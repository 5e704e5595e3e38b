/**
 * The French wording of every finding, for the lab's regulatory staff: what is wrong, where, and how to
 * fix it. Keyed by rule id; the parity test fails when a rule has no message.
 */
import type { RuleId } from './registry.ts'
import type { Params } from './types.ts'

type Message = (p: Params) => string

/** A parameter as text; an absent one as nothing rather than « undefined ». */
const v = (value: Params[string] | undefined): string =>
  Array.isArray(value) ? value.join(', ') : String(value ?? '')
const q = (value: Params[string] | undefined): string =>
  `« ${Array.isArray(value) ? value.join(', ') : String(value ?? '')} »`
const list = (value: Params[string] | undefined): string =>
  Array.isArray(value) ? value.map((v) => `« ${v} »`).join(', ') : q(value)

const ROLE: Record<string, string> = {
  prescriber: 'le prescripteur',
  pharmacist: 'le pharmacien',
  pnm: 'le PNM',
}
const role = (value: Params[string] | undefined): string => ROLE[String(value)] ?? q(value)

const KIND: Record<string, string> = {
  item: 'La question',
  group: 'Le groupe du catalogue',
  fiche: 'La fiche',
  section: 'La section',
  element: 'La question',
  visit: 'La visite',
  indication: "L'indication",
  ucd: 'Le code UCD',
  resource: 'La ressource',
}

/** Why an equivalence carries nothing from the source template (`model/prefill.ts`). */
const PREFILL_MISMATCH_FR: Record<string, string> = {
  'unknown-fiche': "la fiche d'origine n'existe pas dans ce modèle",
  'unknown-item': "la question d'origine n'existe pas dans ce modèle",
  'item-not-in-fiche': "la fiche d'origine ne recueille pas cette question",
  'type-mismatch': "les réponses ne sont pas de même nature (type d'item différent)",
  'options-mismatch': "des codes de réponse de l'origine ne sont pas proposés ici",
}

export const MESSAGES_FR: Readonly<Record<RuleId, Message>> = {
  'field-outside-put': (p) => {
    switch (p.reason) {
      case 'unknown-item':
        return `La fiche ${q(p.fiche)} affiche la question ${q(p.item)}, qui n'est pas dans le catalogue du PUT. Une plateforme ne peut recueillir que les données du PUT (C1.1) : ajoutez la question au catalogue si le PUT la prévoit, sinon retirez-la de la fiche.`
      case 'column-at-top-level':
        return `La fiche ${q(p.fiche)} affiche seule la colonne ${q(p.item)} du tableau ${q(p.repeat)}. Une colonne se saisit dans son tableau : placez ${q(p.repeat)} dans la fiche à la place.`
      case 'schema-open':
        return `Le formulaire compilé de la fiche ${q(p.fiche)} accepterait des données hors du PUT (C1.1). C'est une anomalie de l'outil, pas du modèle : signalez-la à l'équipe OpenPUT.`
      case 'not-compiled':
        return "Le modèle n'a pas pu être compilé, si bien que l'absence de données hors du PUT (C1.1) ne peut pas être vérifiée. Corrigez les autres anomalies signalées, puis relancez la vérification."
      default:
        return `Le formulaire compilé de la fiche ${q(p.fiche)} contient le champ ${q(p.property)}, qui ne correspond à aucune question du catalogue du PUT (C1.1). C'est une anomalie de l'outil, pas du modèle : signalez-la à l'équipe OpenPUT.`
    }
  },
  'put-item-not-collected': (p) =>
    `La question ${q(p.item)} (${q(p.label)}, ${q(p.group)}) est dans le catalogue du PUT mais aucune fiche ne la recueille. La plateforme doit recueillir toutes les données du PUT (C1.1) : placez-la dans la fiche qui correspond à son annexe, ou retirez-la du catalogue si le PUT ne la prévoit pas.`,
  'one-fiche-across-ucd': (p) => {
    switch (p.reason) {
      case 'no-fat':
        return "Le modèle n'a aucune fiche d'accès au traitement (FAT, kind: fat). Chaque autorisation a une FAT unique (C1.2) : ajoutez-la."
      case 'several-fat':
        return `Le modèle contient ${v(p.count)} fiches d'accès au traitement ; ${q(p.fiche)} en est une de trop. Une autorisation n'a qu'une FAT, quels que soient les dosages (C1.2) : regroupez-les en une seule fiche.`
      case 'fiche-ucd-scope':
        return `La fiche ${q(p.id)} est réservée au code UCD ${q(p.ucd)}, alors que l'autorisation couvre plusieurs UCD (${list(p.codes)}). Le recueil est unifié pour tous les dosages (C1.2) : retirez « ucd » de la fiche ; le dosage se saisit dans la FAT.`
      case 'visit-ucd-scope':
        return `La visite ${q(p.id)} est réservée au code UCD ${q(p.ucd)}, alors que l'autorisation couvre plusieurs UCD (${list(p.codes)}). Le suivi est le même pour tous les dosages (C1.2) : retirez « ucd » de la visite.`
      case 'unknown-ucd':
        return `${q(p.id)} est réservé au code UCD ${q(p.ucd)}, qui n'est pas celui de l'autorisation (${list(p.codes)}). Corrigez le code, ou retirez « ucd ».`
      case 'no-dosage-choice':
        return `L'autorisation couvre plusieurs UCD, mais la FAT ${q(p.fiche)} ne demande pas lequel est prescrit. Ajoutez à la FAT une question à choix avec « optionsFrom: ucds » (C1.2).`
      default:
        return `La question ${q(p.item)} liste à la main les codes UCD ${list(p.ucds)}. Remplacez ses options par « optionsFrom: ucds » pour qu'elle suive toujours la liste des UCD de l'autorisation (C1.2).`
    }
  },
  'no-logistics': (p) =>
    `Le texte ${q(p.text)} contient le terme ${q(p.term)}, qui relève de l'approvisionnement (commande, livraison, stock, facturation). La plateforme de recueil ne comporte aucune fonction logistique et ne demande rien pour commander (C1.3, C11.1) : retirez cette donnée. S'il s'agit d'une donnée clinique (dose administrée, date de dispensation…), reformulez le libellé.`,
  'fat-signature': (p) => {
    switch (p.reason) {
      case 'fat-signer-missing':
        return `La FAT ${q(p.fiche)} doit exiger la signature de ${role(p.role)} (C5.5) : ajoutez ${q(p.role)} à « signatures.required ».`
      case 'fat-signer-cannot-sign':
        return `La FAT ${q(p.fiche)} exige la signature de ${role(p.role)}, mais ses droits sur cette fiche ne lui permettent pas de signer (C5.5) : donnez-lui « entry-sign » ou retirez cette dérogation.`
      case 'pnm-signs':
        return `La fiche ${q(p.fiche)} permet au personnel non médical (PNM) de signer. Le PNM saisit mais ne signe jamais (C5.4, C5.5) : retirez « pnm » des signatures et ne lui donnez pas « entry-sign ».`
      default:
        return `La fiche ${q(p.fiche)} (${q(p.kind)}) exige une signature (${list(p.roles)}). Seule la FAT est signée obligatoirement (C5.6) : déplacez ces rôles dans « signatures.optional » ou retirez-les.`
    }
  },
  'schedule-required': (p) => {
    switch (p.reason) {
      case 'suivi-not-scheduled':
        return `La fiche de suivi ${q(p.fiche)} n'est prévue à aucune visite du calendrier. Les tableaux de bord suivent le remplissage par rapport aux visites prévues (C7.1) : ajoutez une visite (schedule.visits ou schedule.repeating) qui la désigne.`
      case 'anchor-fiche-unknown':
        return `Le calendrier compte les visites à partir de la fiche ${q(p.fiche)}, qui n'existe pas. Désignez la fiche qui recueille la date de départ du suivi (C7.1), en général la fiche d'initiation.`
      case 'anchor-item-not-collected':
        return `Le calendrier compte les visites à partir de la question ${q(p.item)}, que la fiche ${q(p.fiche)} ne recueille pas. Désignez une date recueillie par cette fiche (C7.1).`
      default:
        return `Le calendrier compte les visites à partir de la question ${q(p.item)}, qui n'est pas une date (type ${q(p.type)}). Désignez une question de type « date » (C7.1).`
    }
  },
  'user-guide-present': (p) =>
    p.reason === 'empty'
      ? "Le guide d'utilisation du modèle est vide. Rédigez-le : il accompagne les utilisateurs et présente les règles d'accès (C1.4, C5.1)."
      : "Le modèle n'a pas de guide d'utilisation. Ajoutez « documents.userGuide » : il accompagne les utilisateurs et présente les règles d'accès (C1.4, C5.1).",
  'indication-access': (p) =>
    p.reason === 'access-missing'
      ? `Le médicament a plusieurs indications, mais l'indication ${q(p.label)} ne précise pas si son accès est commun aux autres ou distinct. Ajoutez « access: shared » ou « access: distinct » (C3.3).`
      : `Le médicament a plusieurs indications, mais les modalités d'accès de l'indication ${q(p.label)} ne sont pas décrites. Ajoutez « accessDescription » (C3.3).`,
  'authorisation-duration': (p) =>
    p.reason === 'missing'
      ? `Le cadre ${p.framework === 'cpc' ? 'de prescription compassionnelle (CPC)' : "d'accès compassionnel (AAC)"} fixe une durée de traitement : indiquez-la dans « metadata.authorisationDuration » (${v(p.bounds)}) (P4).`
      : `La durée ${q(p.duration)} sort du cadre ${p.framework === 'cpc' ? 'de prescription compassionnelle : un CPC dure trois ans (P3Y), renouvelable' : "d'accès compassionnel : une décision d'AAC fixe une durée d'un jour à un an (P1D à P1Y)"}. Corrigez « authorisationDuration » (P4).`,
  'prefill-reference': (p) => {
    switch (p.reason) {
      case 'same-programme':
        return `La fiche ${q(p.fiche)} se préremplit depuis son propre programme : le préremplissage reprend les données d'une autre autorisation (AAC puis AAP, C8.1). Indiquez le programme d'origine.`
      case 'not-in-fiche':
      case undefined:
        return `L'équivalence de préremplissage de la fiche ${q(p.fiche)} porte sur la question ${q(p.item)}, que cette fiche ne recueille pas : la valeur reprise n'aurait pas de place. Corrigez l'identifiant ou ajoutez la question à la fiche (C8.1).`
      default:
        return `L'équivalence ${q(p.item)} ← ${q(p.sourceItem)} de la fiche ${q(p.fiche)} ne reprendra aucune valeur du programme ${q(p.programme)} (version ${v(p.version)}) : ${PREFILL_MISMATCH_FR[String(p.reason)] ?? v(p.reason)}${p.codes ? ` (${list(p.codes)})` : ''}. Corrigez l'équivalence (C8.1).`
    }
  },
  'duplicate-id': (p) =>
    p.kind === 'element'
      ? `La question ${q(p.id)} figure deux fois dans la fiche ${q(p.fiche)}. Une donnée ne se saisit qu'à un endroit : retirez l'une des deux.`
      : `${KIND[String(p.kind)] ?? "L'élément"} ${q(p.id)}${p.fiche ? ` (fiche ${q(p.fiche)})` : ''} porte un identifiant déjà utilisé plus haut. Les identifiants désignent les données enregistrées : donnez-lui un identifiant unique.`,
  'dangling-reference': (p) => {
    switch (p.reason) {
      case 'unknown-item':
        return `Une condition porte sur la question ${q(p.item)}, qui n'existe pas dans le catalogue. Corrigez l'identifiant.`
      case 'not-in-fiche':
        return `Une condition porte sur la question ${q(p.item)}, que la fiche ${q(p.fiche)} ne recueille pas : elle ne serait jamais remplie. Une condition ne lit que les questions de sa fiche : ajoutez ${q(p.item)} à la fiche ou changez la condition.`
      case 'not-in-row':
        return `Une condition d'une colonne du tableau ${q(p.repeat)} porte sur ${q(p.item)}, qui n'est pas une colonne de ce tableau. Elle ne peut lire que les autres colonnes de la même ligne.`
      case 'column-outside-row':
        return `Une condition porte sur ${q(p.item)}, qui est une colonne du tableau ${q(p.repeat)} : hors de ce tableau, elle n'a pas de valeur unique. Changez la condition.`
      default:
        return `La visite ${q(p.visit)} désigne la fiche ${q(p.fiche)}, qui n'existe pas. Corrigez l'identifiant de la fiche.`
    }
  },
  'condition-type-mismatch': (p) => {
    switch (p.reason) {
      case 'repeat-source':
        return `Une condition compare le tableau ${q(p.item)} avec « ${v(p.operator)} ». D'un tableau, on ne peut tester que s'il est rempli : utilisez « filled ».`
      case 'not-numeric-source':
        return `Une condition utilise « ${v(p.operator)} » sur ${q(p.item)}, qui n'est pas un nombre (type ${q(p.type)}). Ce test ne vaut que pour les nombres.`
      case 'includes-not-multiple':
        return `Une condition utilise « includes » sur ${q(p.item)}, qui n'est pas un choix multiple. Utilisez « equals » ou « in ».`
      case 'use-includes':
        return `Une condition utilise « ${v(p.operator)} » sur le choix multiple ${q(p.item)} : ce test ne serait jamais vrai. Utilisez « includes: <code> ».`
      case 'unknown-code':
        return `Une condition sur ${q(p.item)} attend ${q(p.value)}, qui n'est pas un code de ses options (${list(p.codes)}) : la question qui en dépend ne s'afficherait jamais. Utilisez l'un de ces codes.`
      case 'code-not-quoted':
        return `Une condition sur ${q(p.item)} attend ${q(p.value)} sans guillemets : c'est lu comme un nombre ou un booléen, pas comme un code. Écrivez-le entre guillemets.`
      case 'not-boolean':
        return `Une condition sur la question oui/non ${q(p.item)} attend ${q(p.value)} : écrivez « true » (oui) ou « false » (non).`
      case 'not-number':
        return `Une condition sur le nombre ${q(p.item)} attend ${q(p.value)}, qui n'est pas un nombre. Écrivez un nombre sans guillemets.`
      default:
        return `Une condition sur ${q(p.item)} (type ${q(p.type)}) attend ${q(p.value)}, qui n'est pas un texte. Écrivez la valeur entre guillemets.`
    }
  },
  'condition-cycle': (p) =>
    `Les conditions d'affichage de ${list(p.cycle)} dépendent les unes des autres en boucle : aucune de ces questions ne s'afficherait jamais. Faites dépendre l'une d'elles d'une question qui ne dépend pas des autres.`,
  'empty-options': (p) => {
    switch (p.reason) {
      case 'no-columns':
        return `Le tableau ${q(p.item)} n'a aucune colonne. Ajoutez ses colonnes (« columns ») telles que le PUT les décrit.`
      case 'both':
        return `La question ${q(p.item)} a à la fois une liste d'options et « optionsFrom: ${v(p.source)} ». Gardez l'une des deux.`
      case 'duplicate-code':
        return `La question ${q(p.item)} a plusieurs options de code ${q(p.code)}. Chaque option doit avoir un code distinct.`
      default:
        return `La question à choix ${q(p.item)} n'a aucune option. Ajoutez ses options (« options ») ou « optionsFrom ».`
    }
  },
  'option-code-format': (p) =>
    `L'option ${q(p.code)} de la question ${q(p.item)} a un code qui contient des espaces, accents ou signes. Le code est la valeur enregistrée et exportée : n'utilisez que lettres sans accent, chiffres, « _ » et « - » (le libellé, lui, reste libre).`,
  'impossible-bounds': (p) => {
    switch (p.reason) {
      case 'inapplicable':
        return `La propriété « ${v(p.property)} » de la question ${q(p.item)} ne s'applique pas à son type (${q(p.type)}) et serait ignorée. Retirez-la ou corrigez le type.`
      case 'min-above-max':
        return `La question ${q(p.item)} a « ${v(p.low)} » (${v(p.min)}) supérieur à « ${v(p.high)} » (${v(p.max)}) : aucune réponse ne serait acceptée. Corrigez les bornes.`
      case 'bad-date':
        return `La borne « ${v(p.property)} » de la question ${q(p.item)} (${q(p.value)}) n'est pas une date au format ${p.type === 'month-year' ? 'AAAA-MM' : 'AAAA-MM-JJ'}.`
      default:
        return `La question ${q(p.item)} exige au moins ${v(p.min)} réponses cochées mais n'a que ${v(p.count)} options. Corrigez « minSelected ».`
    }
  },
  'nested-repeat': (p) =>
    `La colonne ${q(p.item)} du tableau ${q(p.repeat)} est elle-même un tableau. Un tableau ne peut pas en contenir un autre : faites-en une question à part.`,
  'unsafe-regex': (p) =>
    p.reason === 'invalid'
      ? `Le motif (« pattern ») de la question ${q(p.item)} n'est pas une expression régulière valide. Corrigez-le ou retirez-le.`
      : `Le motif (« pattern ») de la question ${q(p.item)} peut demander un temps de calcul démesuré sur certaines saisies. Simplifiez-le (évitez les répétitions imbriquées comme « (a+)+ »).`,
  'pattern-without-max-length': (p) =>
    `La question ${q(p.item)} a un motif (« pattern ») mais pas de longueur maximale. Ajoutez « maxLength » (par exemple la longueur du format attendu).`,
  'empty-fiche': (p) =>
    `La fiche ${q(p.fiche)} ne recueille aucune question. Ajoutez-y les questions de son annexe du PUT, ou retirez la fiche.`,
  'empty-section': (p) =>
    `La section ${q(p.section)} de la fiche ${q(p.fiche)} est vide. Ajoutez-y des questions ou retirez-la.`,
}

/** The French message of a finding. */
export function messageFr(rule: RuleId, params: Params): string {
  return MESSAGES_FR[rule](params)
}
