import { execFile } from 'node:child_process'

/** Sends one sd_notify message (`READY=1`, `WATCHDOG=1`, `STOPPING=1`, …). */
export type NotifySender = (message: string) => Promise<void>

/**
 * sd_notify through the `systemd-notify` tool: Node has no unix datagram sockets, and the unit sets
 * `NotifyAccess=all`, so a message from a child attributed to our PID is accepted.
 */
function systemdNotifySender(pid: number = process.pid): NotifySender {
  return (message) =>
    new Promise((resolve, reject) => {
      execFile('systemd-notify', [`--pid=${pid}`, message], (error) =>
        error ? reject(error) : resolve(),
      )
    })
}

export interface SystemdNotifier {
  ready(): Promise<void>
  stopping(): Promise<void>
  /** Stops the watchdog pings. */
  close(): void
}

export interface NotifierOptions {
  env: Record<string, string | undefined>
  send?: NotifySender
  /** Whether the process is healthy enough to ping the watchdog (e.g. the supervisor loop is alive) */
  healthy?: () => boolean
  onError?: (error: unknown) => void
}

/**
 * Talks to systemd when run as a `Type=notify` service (NOTIFY_SOCKET set): READY once booted, and a watchdog
 * ping every half WATCHDOG_USEC while healthy. Outside systemd every call does nothing.
 */
export function createSystemdNotifier(options: NotifierOptions): SystemdNotifier {
  const { env } = options
  if (!env.NOTIFY_SOCKET) {
    return { ready: async () => {}, stopping: async () => {}, close: () => {} }
  }
  const send = options.send ?? systemdNotifySender()
  const onError = options.onError ?? (() => {})
  const usec = Number(env.WATCHDOG_USEC)
  let timer: ReturnType<typeof setInterval> | undefined
  const safeSend = (message: string) => send(message).catch(onError)
  return {
    async ready() {
      await safeSend('READY=1')
      if (Number.isFinite(usec) && usec > 0 && !timer) {
        timer = setInterval(
          () => {
            if (options.healthy?.() ?? true) void safeSend('WATCHDOG=1')
          },
          Math.max(1000, Math.floor(usec / 2000)),
        )
      }
    },
    async stopping() {
      if (timer) clearInterval(timer)
      timer = undefined
      await safeSend('STOPPING=1')
    },
    close() {
      if (timer) clearInterval(timer)
      timer = undefined
    },
  }
}
