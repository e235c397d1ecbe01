import { decodeDeviceText } from '@webroster/protocol'

/**
 * Decodes a text body: each line UTF-8, or GB18030 when that line is not valid UTF-8 (names from
 * Chinese-language terminals); NUL becomes U+FFFD. Never throws, so one bad byte cannot drop a batch.
 */
export function decodeBodyText(bytes: Uint8Array): string {
  const text = decodeDeviceText(bytes)
  // Postgres text cannot hold NUL: one stray byte would make the whole batch fail on every re-send.
  return text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text
}
