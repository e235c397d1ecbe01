/** Every level, least severe first: a logger keeps its own level and those after it; `silent` keeps none. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const

/** How much a process logs (`LOG_LEVEL` on the server and the terminal). */
export type LogLevel = (typeof LOG_LEVELS)[number]
