/** The modules an ERRORLOG code names (protocol reference: ERRORLOG code layout). */
const MODULES: Record<string, string> = {
  '01': 'PUSH',
  '02': 'template',
  '03': 'hardware',
  '04': 'PULL',
  '05': 'offline',
  '06': 'relay',
  '07': 'licence',
}

/** The values the reference names; the others are read by their parts alone. */
const KNOWN: Record<string, string> = {
  D01E0001: 'face detection failed',
  D01E0006: 'template extraction failed',
}

/** What an ERRORLOG `ErrCode` says: who raised it, in which module, and its text where the reference has one. */
export interface ErrorCodeMeaning {
  origin: 'device' | 'server'
  module: string
  value: number
  /** One line for a person: `device template error 6: template extraction failed` */
  text: string
}

/**
 * Reads an ERRORLOG code (`D01E0001`: origin D/S, module 01–07, `E`, four digits), or undefined when it has
 * another shape (firmware of other families sends its own).
 * @example parseErrorCode('D01E0006')?.text // 'device PUSH error 6: template extraction failed'
 */
export function parseErrorCode(code: string): ErrorCodeMeaning | undefined {
  const m = /^([DS])(\d\d)E(\d{4})$/i.exec(code.trim())
  if (!m?.[1] || !m[2] || !m[3]) return undefined
  const origin = m[1].toUpperCase() === 'D' ? 'device' : 'server'
  const module = MODULES[m[2]] ?? `module ${m[2]}`
  const value = Number(m[3])
  const known = KNOWN[code.trim().toUpperCase()]
  return {
    origin,
    module,
    value,
    text: `${origin} ${module} error ${value}${known ? `: ${known}` : ''}`,
  }
}
