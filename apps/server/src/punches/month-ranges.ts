/**
 * Months of the punches table's partitions, in the text of `local_time` (`YYYY-MM-DD HH:MM:SS`): its text order
 * is time order, and every value has the same shape, so the range bounds compare digit by digit in any collation.
 */

/** A month as `YYYY-MM`. */
export type Month = string

/** The years a terminal may send (the protocol accepts 1970–2100): months outside them stay in the default partition. */
const FIRST_YEAR = 1970
const LAST_YEAR = 2100

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

/** Whether `m` is a month a partition may hold. */
export function isPartitionMonth(m: string): boolean {
  const match = MONTH.exec(m)
  if (!match) return false
  const year = Number(match[1])
  return year >= FIRST_YEAR && year <= LAST_YEAR
}

/** The month of a UTC instant. */
export function monthOf(at: Date): Month {
  return at.toISOString().slice(0, 7)
}

/** `m` moved by `n` months (negative: back). */
export function addMonths(m: Month, n: number): Month {
  const d = new Date(`${m}-01T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() + n)
  return monthOf(d)
}

/** The partition holding month `m`, and its range of `local_time` (`to` exclusive). */
export function monthPartition(m: Month): { name: string; from: string; to: string } {
  if (!isPartitionMonth(m)) throw new Error(`not a partition month: ${m}`)
  return {
    name: `punches_p${m.replace('-', '_')}`,
    from: `${m}-01 00:00:00`,
    to: `${addMonths(m, 1)}-01 00:00:00`,
  }
}

/**
 * The largest offsets of a zone from UTC (UTC+14, Kiribati; UTC-12): a punch's `local_time` is its instant read in
 * its device's zone, so it lies within this much of `punched_at`, whichever zone the device had.
 */
export const MAX_ZONE_OFFSET_MS = 14 * 3_600_000

/** A `local_time` text for an instant read in UTC, or undefined when no 4-digit year can hold it. */
export function wallClockText(at: Date): string | undefined {
  const year = at.getUTCFullYear()
  if (Number.isNaN(year) || year < 1 || year > 9999) return undefined
  return at.toISOString().slice(0, 19).replace('T', ' ')
}
