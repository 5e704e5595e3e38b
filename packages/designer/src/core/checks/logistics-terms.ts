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

/** Lower case, no accents, every run of non-alphanumerics (ids' `_` included) as one space. */
export function normalizeWords(text: string): string {
  const plain = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  return ` ${plain.replace(/[^a-z0-9]+/g, ' ').trim()} `
}

/** The first logistics term found in `text` as whole words, if any. */
export function logisticsTerm(text: string): string | undefined {
  const words = normalizeWords(text)
  return LOGISTICS_TERMS.find((term) => words.includes(` ${term} `))
}
