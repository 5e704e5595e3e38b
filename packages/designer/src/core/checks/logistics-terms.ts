/**
 * The supply-chain vocabulary `no-logistics` looks for (C1.3, C11.1), in French and English, written
 * without accents and matched on whole words. `docs/checks.md` lists the same terms for reviewers.
 */

/**
 * Whole words or phrases, phrases before the words they contain so that a finding names the phrase. Clinical words that sound close are deliberately absent: dose, posologie,
 * quantité administrée, dispensation, date de dispensation, numéro de lot, flacon administré.
 */
export const LOGISTICS_TERMS: readonly string[] = [
  // ordering
  'bon de commande',
  'quantite a commander',
  'commande',
  'commandes',
  'commander',
  'commandee',
  'commandees',
  // delivery and shipping
  'livraison',
  'livraisons',
  'livrer',
  'expedition',
  'expeditions',
  'expedier',
  'colis',
  'transporteur',
  // supply and stock
  'approvisionnement',
  'approvisionnements',
  'approvisionner',
  'reapprovisionnement',
  'reapprovisionner',
  'stock',
  'stocks',
  'inventaire',
  'reassort',
  'grossiste',
  'grossistes',
  'depositaire',
  'logistique',
  'logistiques',
  // billing
  'facturation',
  'facture',
  'factures',
  'facturer',
  'prix unitaire',
  'tarif',
  // English
  'order',
  'orders',
  'ordered',
  'ordering',
  'purchase',
  'supply',
  'supplies',
  'resupply',
  'restock',
  'inventory',
  'delivery',
  'deliveries',
  'shipment',
  'shipping',
  'warehouse',
  'invoice',
  'invoicing',
  'billing',
  'logistics',
]

/**
 * Matches, in a lower-case text without accents, a whole word that begins some term. Most texts have
 * none: one test spares them the search for each term, and only the rare others are searched in full.
 */
const FIRST_WORD = new RegExp(
  `(?<![a-z0-9])(?:${[...new Set(LOGISTICS_TERMS.map((term) => term.split(' ')[0]))].join('|')})(?![a-z0-9])`,
)

const NON_ASCII = /[\u0080-\uffff]/
const MARKS = /\p{M}/gu
const SEPARATORS = /[^a-z0-9]+/g

/** The first logistics term (in list order) found in `text` as whole words, if any. */
export function logisticsTerm(text: string): string | undefined {
  const plain = plainLowerCase(text)
  if (!FIRST_WORD.test(plain)) return undefined
  // Every run of non-alphanumerics (ids' `_` included) as one space, so that terms match whole words.
  const words = ` ${plain.replace(SEPARATORS, ' ').trim()} `
  return LOGISTICS_TERMS.find((term) => words.includes(` ${term} `))
}

/** Lower case, without accents. */
function plainLowerCase(text: string): string {
  // ASCII has no accents to strip: skipping NFD keeps the common case cheap.
  return (NON_ASCII.test(text) ? text.normalize('NFD').replace(MARKS, '') : text).toLowerCase()
}
