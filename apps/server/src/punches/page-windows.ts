import { addMonths, isPartitionMonth, type Month, monthOf } from './month-ranges'

/** A range of `punched_at` one statement of a list page reads (`to` exclusive; an absent end is open). */
export interface PageWindow {
  from?: Date
  to?: Date
}

export interface WalkStart {
  newestFirst: boolean
  /** The list's own bounds, if any: the walk stops at them */
  from?: Date
  to?: Date
  /** The cursor's instant, where the page starts */
  after?: Date
  now: Date
  /** Months that have a partition, oldest first; asked only when the walk needs them */
  months: () => Promise<readonly Month[]>
}

const startOf = (m: Month) => new Date(`${m}-01T00:00:00Z`)

/**
 * The windows a list page reads one after another, in the page's order, until it is full. Together they cover every
 * instant, so the page is the one a single statement over the whole table would give; each is months long, and
 * punch-filter.ts turns its bounds into `local_time` bounds, so each statement plans only its months' partitions
 * (and the default partition when a month has none) instead of every month kept.
 *
 * The first window is the month the page starts in (the cursor's, the range's end, or this month for newest first)
 * and the one beyond it, since early in a month its own punches seldom fill a page; it is open on the near side, so
 * punches of clocks set far ahead are listed first as before. Each next window is twice as long as the one before,
 * so a sparse filter (a person, a PIN no one has) costs a handful of statements, not one per month. The last is open
 * on the far side, once the walk has passed the oldest (newest first) or newest (oldest first) partition: what lies
 * beyond is in the default partition only.
 */
export async function* pageWindows(s: WalkStart): AsyncGenerator<PageWindow> {
  let known: readonly Month[] | undefined
  const months = async () => {
    known ??= await s.months()
    return known
  }
  if (s.newestFirst) {
    const start = s.after ?? (s.to ? new Date(s.to.getTime() - 1) : s.now)
    // Never above this month: the first window is open above, and only clocks set ahead punch later than now.
    const top = new Date(Math.min(start.getTime(), s.now.getTime()))
    if (!isPartitionMonth(monthOf(top))) {
      // A start no partition can hold (a cursor in 1900): one statement over the whole table, as ever.
      yield {}
      return
    }
    // This month and the one before: early in a month, this month alone seldom fills a page.
    let lo = startOf(addMonths(monthOf(top), -1))
    yield { from: lo }
    if (s.from && s.from >= lo) return
    const oldest = (await months())[0]
    for (let span = 2; ; span *= 2) {
      const hi = lo
      if (!oldest || hi <= startOf(oldest)) {
        yield { to: hi }
        return
      }
      lo = startOf(addMonths(monthOf(hi), -span))
      yield { from: lo, to: hi }
      if (s.from && s.from >= lo) return
    }
  }
  const bottom = s.after ?? s.from
  const oldest = (await months())[0]
  // Never below the oldest month: the first window is open below, and what is older is in the default partition.
  const first = bottom && (!oldest || monthOf(bottom) > oldest) ? monthOf(bottom) : oldest
  if (!oldest || !first || !isPartitionMonth(first)) {
    yield {}
    return
  }
  let hi = startOf(addMonths(first, 2))
  yield { to: hi }
  if (s.to && s.to <= hi) return
  const last = (await months()).at(-1)
  for (let span = 2; ; span *= 2) {
    const lo = hi
    if (!last || lo >= startOf(addMonths(last, 1))) {
      yield { from: lo }
      return
    }
    hi = startOf(addMonths(monthOf(lo), span))
    yield { from: lo, to: hi }
    if (s.to && s.to <= hi) return
  }
}
