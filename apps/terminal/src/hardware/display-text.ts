/** Characters every display here can draw: printable ASCII. */
const PRINTABLE = /^[\x20-\x7e]$/

const REPLACEMENTS: Readonly<Record<string, string>> = {
  '—': '-',
  '–': '-',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '…': '...',
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
}

/**
 * Folds text to printable ASCII for a display's ROM or bitmap font: accents dropped (José → Jose),
 * dashes and quotes made plain, anything else shown as `?`.
 * @example toDisplayText('Welcome, José — IN') // 'Welcome, Jose - IN'
 */
export function toDisplayText(text: string): string {
  let out = ''
  for (const ch of text.normalize('NFD')) {
    if (PRINTABLE.test(ch)) out += ch
    else if (/\p{M}/u.test(ch)) continue
    else out += REPLACEMENTS[ch] ?? (/\s/.test(ch) ? ' ' : '?')
  }
  return out
}

/** Lines cut or padded to exactly `columns` characters, `rows` of them. */
export function fitLines(lines: readonly string[], columns: number, rows: number): string[] {
  return Array.from({ length: rows }, (_, i) =>
    toDisplayText(lines[i] ?? '')
      .slice(0, columns)
      .padEnd(columns, ' '),
  )
}
