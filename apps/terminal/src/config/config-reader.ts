/** Collects every problem in a config object so start-up reports them all at once. */
export class ConfigReader {
  constructor(
    private readonly file: Readonly<Record<string, unknown>>,
    readonly errors: string[] = [],
    private readonly prefix = '',
  ) {}

  /** Records a problem with `key`, named with its parent keys. */
  fail(key: string, problem: string): void {
    this.errors.push(`${this.prefix}${key} ${problem}`)
  }

  raw(key: string): unknown {
    return this.file[key]
  }

  has(key: string): boolean {
    return this.file[key] !== undefined
  }

  /** A string from the environment (if set) or the file, else the default. */
  string(key: string, envValue: string | undefined, fallback: string): string {
    if (envValue !== undefined && envValue !== '') return envValue
    const value = this.file[key]
    if (value === undefined) return fallback
    if (typeof value === 'string') return value
    this.fail(key, `must be a string, got ${JSON.stringify(value)}`)
    return fallback
  }

  /** An integer within [min, max] from the environment (if set) or the file, else the default. */
  integer(key: string, envValue: string | undefined, fallback: number, min: number, max: number) {
    const raw: unknown = envValue !== undefined && envValue !== '' ? envValue : this.file[key]
    if (raw === undefined) return fallback
    const value = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(key, `must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`)
      return fallback
    }
    return value
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.file[key]
    if (value === undefined) return fallback
    if (typeof value === 'boolean') return value
    this.fail(key, `must be true or false, got ${JSON.stringify(value)}`)
    return fallback
  }

  oneOf<T extends string>(
    key: string,
    envValue: string | undefined,
    allowed: readonly T[],
    fallback: T,
  ): T {
    const value = this.string(key, envValue, fallback)
    if ((allowed as readonly string[]).includes(value)) return value as T
    this.fail(key, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`)
    return fallback
  }

  object(key: string): Readonly<Record<string, unknown>> {
    const value = this.file[key]
    if (value === undefined) return {}
    if (isRecord(value)) return value
    this.fail(key, 'must be an object')
    return {}
  }

  /** A reader for an object-valued key; its messages name the key as `parent.child`. */
  nested(key: string): ConfigReader {
    return new ConfigReader(this.object(key), this.errors, `${this.prefix}${key}.`)
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
