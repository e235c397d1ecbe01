import { customType } from 'drizzle-orm/pg-core'

/** Binary column (photos, uploaded files): both drivers hand back a Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType() {
    return 'bytea'
  },
  fromDriver(value) {
    return value instanceof Uint8Array ? value : new Uint8Array(value)
  },
})
