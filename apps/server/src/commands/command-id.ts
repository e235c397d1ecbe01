/** Largest command id: ids are Postgres `integer`s, and firmware parses the id of `C:<id>:` as a number. */
export const MAX_COMMAND_ID = 2_147_483_647

/**
 * The command id a device's `ID=` (or an API path) names, or undefined when it cannot be one of ours: such a
 * result then matches nothing instead of reaching the database as a value it cannot compare.
 */
export function commandIdOf(text: string): number | undefined {
  if (!/^[0-9]{1,10}$/.test(text)) return undefined
  const id = Number(text)
  return id >= 1 && id <= MAX_COMMAND_ID ? id : undefined
}
