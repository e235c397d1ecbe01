import { readFile, writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { OptionStore } from '../store/options'
import type { AdmsClient, AdmsReply } from './adms-client'
import { UploadRefusedError } from './upload-reply'

const LAST_DAY_KEY = 'adms.logUploadDay'

export interface LogUploadOptions {
  client: AdmsClient
  store: Pick<OptionStore, 'getOption' | 'setOption'>
  /** The local log file; uploads are skipped while it is missing or empty. */
  path: string
  onReply?: (reply: AdmsReply) => void
}

/**
 * Uploads the local log file (`multipart file + sn` to `/iclock/upload-log`) once per device-local
 * day and on request. The uploaded bytes are cut from the file only after the server answered OK,
 * so a failed upload loses nothing; lines appended meanwhile stay.
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
    let content: Uint8Array
    try {
      content = await readFile(this.#o.path)
    } catch {
      this.#o.store.setOption(LAST_DAY_KEY, day)
      return 0
    }
    if (content.length > 0) {
      const name = `${basename(this.#o.path).replace(/\.log$/, '')}-${day}.log`
      const reply = await this.#o.client.uploadLog(name, content, signal)
      this.#o.onReply?.(reply)
      // Any 2xx is acceptance: this route is not part of the ZK protocol, its body is free-form.
      if (reply.status < 200 || reply.status > 299) {
        throw new UploadRefusedError(`log upload refused: HTTP ${reply.status}`)
      }
      // Rotate: keep only what was written after the read.
      const now = await readFile(this.#o.path)
      await writeFile(this.#o.path, now.subarray(content.length))
    }
    this.#o.store.setOption(LAST_DAY_KEY, day)
    return content.length
  }
}
