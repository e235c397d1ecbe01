import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './ports'
import { type ManagedProcess, spawnEntry } from './process'
import { waitFor } from './wait'

/** What a simulated terminal's `GET /state` shows (the fields scenarios assert on). */
export interface TerminalState {
  sn: string
  bootCount: number
  online: boolean
  users: number
  templates: number
  unsentPunches: number
  totalPunches: number
  unsentOplog: number
  unackedResults: number
  clockOffsetMs: number
  /** Device-local `YYYY-MM-DD HH:MM:SS` */
  wallClock: string
  connectivity: 'online' | 'offline' | 'syncing'
  leds: { green: unknown; red: unknown; status: unknown }
  /** Buzzer patterns played, as the sim hardware records them */
  buzzer: Array<{ name: string }>
  /** The sync loop's view: registration `pending` until the server admits the terminal */
  sync: { online: boolean; registration: string; lastError: string | null } | null
  [key: string]: unknown
}

export interface ScanOutcome {
  outcome: 'accepted' | 'rejected' | 'duplicate'
  pin?: string
  /** Device-local time of an accepted punch */
  time?: string
  reason?: string
}

export interface TerminalHandle {
  sn: string
  controlUrl: string
  dataDir: string
  process: ManagedProcess
  state(): Promise<TerminalState>
  /** `card`: the printed decimal number; `uid`: the hex bytes the reader reports; `finger`: a PIN */
  scan(credential: { card: string } | { uid: string } | { finger: string }): Promise<ScanOutcome>
  enroll(pin: string, finger?: number): Promise<unknown>
  /** Rests a finger on the simulated fingerprint sensor (`fingerprint.port: "sim"`), or lifts it */
  finger(id: string | null): Promise<unknown>
  /** Starts the process again on the same data folder (after stop or kill), optionally elsewhere */
  start(overrides?: { serverUrl?: string }): Promise<void>
  stop(): Promise<void>
  kill(): Promise<void>
  /** Stops it and removes its data folder */
  dispose(): Promise<void>
}

export interface TerminalOptions {
  sn: string
  serverUrl: string
  env?: Record<string, string>
  /** Written to a JSON file passed as `--config` (keys as the terminal's config loader reads them) */
  config?: Record<string, unknown>
  /** This terminal's entry point and runtime, over E2E_TERMINAL_ENTRY / E2E_TERMINAL_RUNTIME */
  entry?: string
  runtime?: string
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`POST ${url}: HTTP ${res.status} ${text}`)
  return JSON.parse(text) as T
}

/** Starts a real terminal process with the simulated hardware and its loopback control API. */
export async function startTerminal(options: TerminalOptions): Promise<TerminalHandle> {
  const dataDir = mkdtempSync(join(tmpdir(), `webroster-e2e-${options.sn}-`))
  const port = await freePort()
  const controlUrl = `http://127.0.0.1:${port}`
  const args: string[] = []
  if (options.config) {
    const path = join(dataDir, 'config.json')
    writeFileSync(path, JSON.stringify(options.config))
    args.push('--config', path)
  }
  const env: Record<string, string> = {
    SERVER_URL: options.serverUrl,
    HARDWARE: 'sim',
    TERMINAL_SN: options.sn,
    SIM_CONTROL_PORT: String(port),
    DATA_DIR: dataDir,
    ...options.env,
  }
  const boot = async () => {
    // E2E_TERMINAL_ENTRY runs another build of the terminal (e.g. the Node bundle's source twin).
    // E2E_TERMINAL_RUNTIME runs it under another runtime (CI: Node 22 on the bundle, as on a device).
    const entry = options.entry ?? process.env.E2E_TERMINAL_ENTRY ?? 'apps/terminal/src/main.ts'
    const runtime = options.runtime ?? (process.env.E2E_TERMINAL_RUNTIME || process.execPath)
    const p = spawnEntry(`terminal:${options.sn}`, entry, env, args, runtime)
    await waitFor(
      `terminal ${options.sn} control API`,
      async () => {
        if (p.child.exitCode !== null) throw new Error(`terminal exited: ${p.output()}`)
        return (await fetch(`${controlUrl}/state`)).ok
      },
      60_000,
      100,
    )
    return p
  }
  const handle: TerminalHandle = {
    sn: options.sn,
    controlUrl,
    dataDir,
    process: await boot(),
    async state() {
      const res = await fetch(`${controlUrl}/state`)
      if (!res.ok) throw new Error(`GET /state: HTTP ${res.status}`)
      return (await res.json()) as TerminalState
    },
    scan: (credential) => postJson<ScanOutcome>(`${controlUrl}/scan`, credential),
    enroll: (pin, finger = 0) => postJson(`${controlUrl}/enroll`, { pin, finger }),
    finger: (id) => postJson(`${controlUrl}/finger`, { finger: id }),
    async start(overrides) {
      if (overrides?.serverUrl) env.SERVER_URL = overrides.serverUrl
      handle.process = await boot()
    },
    stop: () => handle.process.stop(),
    kill: () => handle.process.kill(),
    async dispose() {
      await handle.process.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return handle
}
