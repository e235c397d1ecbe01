import { fileURLToPath } from 'node:url'

/** The drizzle-kit migrations folder, resolved from this file, not from the working directory. */
export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url))
