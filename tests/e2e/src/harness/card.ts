import { formatCardHex } from '@webroster/protocol'

/**
 * What the card reader reports for a card the API knows by its decimal number: the UID bytes in
 * hex, as the terminal's sensor (and so its sim `/scan`) presents them.
 * @example readerUid('123456789') // '15CD5B07'
 */
export function readerUid(decimal: string): string {
  return formatCardHex(decimal).slice(1, -1)
}
