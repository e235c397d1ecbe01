/** Demo people the dev system starts with: cards for everyone, fingerprints enrolled for some. */
export const demoPeople = [
  { pin: '1001', name: 'Ada Lovelace', card: '3735928559', finger: true },
  { pin: '1002', name: 'Alan Turing', card: '305419896', finger: true },
  { pin: '1003', name: 'Grace Hopper', card: '2882400018', finger: false },
  { pin: '1004', name: 'Edsger Dijkstra', card: '19088743', finger: false },
] as const

export const demoGroup = 'Head office'

export interface DemoTerminal {
  sn: string
  controlPort: number
}

export const demoTerminals: DemoTerminal[] = [
  { sn: 'WBIODEV001', controlPort: 9101 },
  { sn: 'WBIODEV002', controlPort: 9102 },
]

/** The demo's first operator (an administrator), made on the first run so the console opens to a sign-in. */
export const demoOperator = { username: 'admin', password: 'webroster-demo' } as const

/** Port of the console's development server (Vite, hot reload); it proxies /api to the server. */
export const consoleDevPort = 5173
