import { readFileSync } from 'node:fs'
import { cpus, release, totalmem, type } from 'node:os'
import { postgresVersion } from './bench-database'
import type { MachineInfo } from './results'

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]
    return pretty ? `${pretty}, ${type()} ${release()}` : `${type()} ${release()}`
  } catch {
    return `${type()} ${release()}`
  }
}

/** The machine as the report describes it: no host name, no paths. */
export async function describeMachine(databaseUrl: string | undefined): Promise<MachineInfo> {
  const list = cpus()
  return {
    cores: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGB: totalmem() / 1024 ** 3,
    os: osName(),
    bun: Bun.version,
    database: databaseUrl
      ? `PostgreSQL ${await postgresVersion(databaseUrl)}`
      : 'PGlite (embedded)',
  }
}
