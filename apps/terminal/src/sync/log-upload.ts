import { readFileSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { OptionStore } from '../store/options'
import type { AdmsClient, AdmsReply } from './adms-client'
import { UploadRefusedError } from './upload-reply'

const LAST_DAY_KEY = 'adms.logUploadDay'

/** The local log as the uploader sees it. */
export interface LogSource {
  /** Base name for the uploaded file, e.g. `terminal` → `terminal-2025-05-20.log`. */
  readonly name: string
  /** The whole log, or undefined when there is none. */
  read(): Promise<Uint8Array | undefined>
  /** Drops the first `bytes` bytes (the part the server accepted), keeping what came after. */
  cut(bytes: number): Promise<void>
}

/** A log file on disk. */
export function fileLogSource(path: string): LogSource {
  return {
    name: basename(path).replace(/\.log$/, ''),
    read: () => readFile(path).catch(() => undefined),
    async cut(bytes) {
      // Synchronous, so no line this process appends can land between the read and the write.
      writeFileSync(path, readFileSync(path).subarray(bytes))
    },
  }
}

export interface LogUploadOptions {
  client: AdmsClient
  store: Pick<OptionStore, 'getOption' | 'setOption'>
  source: LogSource
  onReply?: (reply: AdmsReply) => void
}

/**
 * Uploads the local log (`multipart file + sn` to `/iclock/upload-log`) once per device-local day
 * and on request. The uploaded bytes are cut only after the server accepted them, so a failed
 * upload loses nothing; lines appended meanwhile stay.
 */
export class LogUpload {
  readonly #o: LogUploadOptions

  constructor(options: LogUploadOptions) {
    this.#o = options
  }

  /** Whether today's (`YYYY-MM-DD`) upload is still to do. */
  due(day: string): boolean {
    return this.#o.store.getOption(LAST_DAY_KEY) !== day
  }

  /** Uploads now; returns the bytes sent (0 when there was nothing). */
  async upload(day: string, signal?: AbortSignal): Promise<number> {
    const { source } = this.#o
    const content = await source.read()
    if (content && content.length > 0) {
      const reply = await this.#o.client.uploadLog(`${source.name}-${day}.log`, content, signal)
      this.#o.onReply?.(reply)
      // Any 2xx is acceptance: this route is not part of the ZK protocol, its body is free-form.
      if (reply.status < 200 || reply.status > 299) {
        throw new UploadRefusedError(`log upload refused: HTTP ${reply.status}`)
      }
      await source.cut(content.length)
      // Only a real upload counts as the day's: an empty log at boot must not skip the lines of the day.
      this.#o.store.setOption(LAST_DAY_KEY, day)
    }
    return content?.length ?? 0
  }
}
