import { describe, expect, it } from 'vitest'
import { logisticsTerm } from './logistics-terms.ts'

describe('no-logistics vocabulary', () => {
  it.each([
    ['Bon de commande', 'bon de commande'],
    ['Quantité commandée', 'commandee'],
    ['Nombre de flacons commandés', 'commandes'],
    ['Quantité à commander', 'quantite a commander'],
    ['Date de livraison', 'livraison'],
    ['Réapprovisionnement du service', 'reapprovisionnement'],
    ['État du stock à la PUI', 'stock'],
    ['date_expedition', 'expedition'],
    ['Facturation', 'facturation'],
    ['Purchase order number', 'order'],
  ])('C1.3: flags « %s » (term « %s »)', (text, term) => {
    expect(logisticsTerm(text)).toBe(term)
  })

  it.each([
    'Dose administrée',
    'Posologie recommandée',
    'Quantité administrée (mg)',
    'Date de dispensation',
    'Nombre de flacons administrés',
    'Numéro de lot',
    'Traitement recommandé par la RCP',
    'Ordonnance',
    'Stockholm',
  ])('C11.1: leaves clinical wording alone: « %s »', (text) => {
    expect(logisticsTerm(text)).toBeUndefined()
  })
})
