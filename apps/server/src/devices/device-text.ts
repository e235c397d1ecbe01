/** Longest text kept from one value a device reports (firmware, IP, a telemetry field, a stamp) */
export const MAX_DEVICE_TEXT = 256
/** Most fields kept from one record a device reports (telemetry, INFO=, stamps) */
export const MAX_DEVICE_FIELDS = 32

// NUL cannot be stored in text or jsonb, other controls only garble logs and the console, and a lone surrogate
// makes jsonb reject the whole statement.
const UNSTORABLE = /[\p{Cc}\p{Cs}]/gu

/** A device-reported string as it may be stored: no control characters, at most `max` characters. */
export function cleanDeviceText(value: string, max = MAX_DEVICE_TEXT): string {
  const clean = value.replace(UNSTORABLE, '')
  // Cutting between the halves of a surrogate pair would leave a lone one.
  return clean.length > max ? clean.slice(0, max).replace(/[\ud800-\udbff]$/, '') : clean
}

/** A device-reported string, or undefined when nothing storable is left of it. */
export function cleanOptionalText(
  value: string | undefined,
  max = MAX_DEVICE_TEXT,
): string | undefined {
  if (value === undefined) return undefined
  return cleanDeviceText(value, max) || undefined
}

/** At most `maxFields` entries of `record`, keys cleaned, values through `clean` (undefined drops one). */
function cleanEntries<T, U>(
  record: Record<string, T>,
  maxFields: number,
  clean: (value: T) => U | undefined,
): Record<string, U> {
  const out: Record<string, U> = {}
  let fields = 0
  for (const [rawKey, value] of Object.entries(record)) {
    if (fields >= maxFields) break
    const key = cleanDeviceText(rawKey, 64)
    const cleaned = key ? clean(value) : undefined
    if (cleaned === undefined) continue
    out[key] = cleaned
    fields++
  }
  return out
}

/**
 * A device-reported record as it may be stored in jsonb: keys and strings cleaned and bounded, at most
 * `MAX_DEVICE_FIELDS` fields, numbers finite, nesting one level deep (INFO= inside telemetry).
 */
export function cleanDeviceRecord(
  record: Record<string, unknown>,
  depth = 1,
): Record<string, unknown> {
  return cleanEntries(record, MAX_DEVICE_FIELDS, (value) => cleanValue(value, depth))
}

function cleanValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return cleanDeviceText(value)
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value === 'boolean' || value === null) return value
  if (depth > 0 && typeof value === 'object' && !Array.isArray(value)) {
    return cleanDeviceRecord(value as Record<string, unknown>, depth - 1)
  }
  return undefined
}

/** A string map a device reported (options, stamps) with every key and value cleaned and bounded. */
export function cleanDeviceStrings(
  record: Record<string, string>,
  maxFields = MAX_DEVICE_FIELDS,
  maxValue = MAX_DEVICE_TEXT,
): Record<string, string> {
  return cleanEntries(record, maxFields, (value) => cleanDeviceText(value, maxValue))
}
