import { formatCardHex, parseCardNumber } from '@webroster/protocol'
import { ValidationError } from '../errors'

/**
 * Decimal card number from either accepted form, or a 400. The one card-number model: a card is stored and queued
 * as its decimal number (`people.card`), `null` when the person has none; callers may write it in decimal or as
 * the bracketed hex terminals print (`[15CD5B07]`).
 */
export function cardNumberOf(text: string): string {
  const parsed = parseCardNumber(text)
  if (parsed === null) {
    throw new ValidationError(`"card" must be a decimal number or [xxxxxxxx] hex, got "${text}"`)
  }
  return parsed
}

/** A card as given to the API for storage: empty or `null` clears it, anything else must be a card number. */
export function storedCard(text: string | null): string | null {
  return text === null || text === '' ? null : cardNumberOf(text)
}

/** The bracketed form terminals print, when the stored number has one (it fits in five bytes). */
export function cardHexOf(card: string | null): string | null {
  if (card === null) return null
  try {
    return formatCardHex(card)
  } catch {
    return null
  }
}
