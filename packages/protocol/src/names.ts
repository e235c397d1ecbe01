/**
 * User names and short messages travel as GB2312/GB18030 on Chinese-language terminals (language 83 zh-CN,
 * 84 zh-TW) and as UTF-8 otherwise. TextDecoder knows GB18030; TextEncoder does not, so the encoder builds its
 * reverse table once, on the first non-ASCII name, from the decoder itself.
 */

/**
 * Whether a handshake `language` code means a Chinese UI (83 zh-CN, 84 zh-TW, or a `zh…` tag).
 * @example isChineseLanguage('83') // true
 */
export function isChineseLanguage(language?: string | number): boolean {
  if (language === undefined) return false
  const t = String(language).trim().toLowerCase()
  return t === '83' || t === '84' || t === 'zh' || t.startsWith('zh-') || t.startsWith('zh_')
}

/** The charsets names travel in. */
export type NameCharset = 'utf-8' | 'gb18030'

/**
 * The charset of names for a device whose UI language is `language` (handshake `language=` or its `Language`
 * option): GB18030 for Chinese, UTF-8 otherwise.
 * @example nameCharset('83') // 'gb18030'
 */
export function nameCharset(language?: string | number): NameCharset {
  return isChineseLanguage(language) ? 'gb18030' : 'utf-8'
}

function decoder(label: string, fatal: boolean): TextDecoder | null {
  try {
    return new TextDecoder(label, { fatal, ignoreBOM: true })
  } catch {
    return null
  }
}

function gb18030(bytes: Uint8Array): string {
  const d = decoder('gb18030', false) ?? new TextDecoder('utf-8', { ignoreBOM: true })
  return d.decode(bytes)
}

/**
 * Decodes a name: GB18030 for Chinese-language devices, otherwise UTF-8 falling back to GB18030 when the bytes
 * are not valid UTF-8. Trailing NULs (fixed-width fields) are dropped. Never throws.
 * @example decodeName(new Uint8Array([0xc4, 0xe3, 0xba, 0xc3]), 83) // '你好'
 */
export function decodeName(bytes: Uint8Array, language?: string | number): string {
  let end = bytes.length
  while (end > 0 && bytes[end - 1] === 0) end--
  const b = bytes.subarray(0, end)
  if (isChineseLanguage(language)) return gb18030(b)
  return utf8OrGb18030(b)
}

let strictUtf8: TextDecoder | undefined

/** The text of bytes that are valid UTF-8, else undefined (the decoder is made once: bodies are hot). */
function utf8(bytes: Uint8Array): string | undefined {
  strictUtf8 ??= decoder('utf-8', true) as TextDecoder
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return undefined
  }
}

function utf8OrGb18030(bytes: Uint8Array): string {
  return utf8(bytes) ?? gb18030(bytes)
}

const LF = 0x0a

/**
 * Decodes a device body line by line: each line is UTF-8, or GB18030 when its bytes are not valid UTF-8, so one
 * stray byte changes its own line only, not every name of the batch. LF (0x0A) never occurs inside a GB18030
 * character, so splitting the bytes there is safe. Never throws.
 * @example decodeDeviceText(new Uint8Array([0x41, 0x0a, 0xc4, 0xe3])) // 'A\n你'
 */
export function decodeDeviceText(bytes: Uint8Array): string {
  // Only a body that is not UTF-8 as a whole pays for the per-line pass.
  const whole = utf8(bytes)
  if (whole !== undefined) return whole
  const lines: string[] = []
  let start = 0
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === LF) {
      lines.push(utf8OrGb18030(bytes.subarray(start, i)))
      start = i + 1
    }
  }
  return lines.join('\n')
}

let reverse: Map<number, number[]> | undefined

/** code point → GB18030 bytes, built from the decoder (two-byte codes win over four-byte ones). */
function gbTable(): Map<number, number[]> {
  if (reverse) return reverse
  const table = new Map<number, number[]>()
  const d = decoder('gb18030', false)
  if (d) {
    // Four-byte codes for the BMP: pointers 0..39419.
    const fourBytes: number[][] = []
    for (let p = 0; p < 39420; p++) {
      fourBytes.push([
        0x81 + Math.floor(p / 12600),
        0x30 + Math.floor((p % 12600) / 1260),
        0x81 + Math.floor((p % 1260) / 10),
        0x30 + (p % 10),
      ])
    }
    addDecoded(table, d, fourBytes)
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      const pairs: number[][] = []
      for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push([lead, trail])
      addDecoded(table, d, pairs)
    }
  }
  // U+FFFD is a real character with a four-byte code; the bulk decode cannot tell it from a failure.
  table.set(0xfffd, [0x84, 0x31, 0xa4, 0x37])
  reverse = table
  return table
}

function addDecoded(table: Map<number, number[]>, d: TextDecoder, codes: number[][]): void {
  const chars = Array.from(d.decode(new Uint8Array(codes.flat())))
  // A bulk decode maps code to character one for one only when no code was invalid.
  if (chars.length === codes.length && !chars.includes('\uFFFD')) {
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]
      const cp = chars[i]?.codePointAt(0)
      if (code && cp !== undefined) table.set(cp, code)
    }
    return
  }
  for (const code of codes) {
    const c = Array.from(d.decode(new Uint8Array(code)))
    if (c.length === 1 && c[0] !== '\uFFFD') table.set(c[0]?.codePointAt(0) ?? 0xfffd, code)
  }
}

function encodeGb18030(text: string): Uint8Array {
  const out: number[] = []
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0x3f
    if (cp < 0x80) {
      out.push(cp)
      continue
    }
    if (cp >= 0x10000) {
      // Supplementary planes are linear from pointer 189000 on.
      const p = cp - 0x10000 + 189000
      out.push(
        0x81 + Math.floor(p / 12600),
        0x30 + Math.floor((p % 12600) / 1260),
        0x81 + Math.floor((p % 1260) / 10),
        0x30 + (p % 10),
      )
      continue
    }
    const code = gbTable().get(cp)
    if (code) out.push(...code)
    else out.push(0x3f)
  }
  return new Uint8Array(out)
}

/**
 * Encodes a name for a device: GB18030 for Chinese-language devices, UTF-8 otherwise; characters GB18030 cannot
 * hold (lone surrogates) become `?`.
 * @example encodeName('你好', 83) // Uint8Array [0xc4, 0xe3, 0xba, 0xc3]
 */
export function encodeName(text: string, language?: string | number): Uint8Array {
  if (isChineseLanguage(language)) return encodeGb18030(text)
  return new TextEncoder().encode(text)
}
