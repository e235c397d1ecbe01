import { readFileSync, writeFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../store/store'
import { tempDir } from '../store/testing/temp-dir'
import { createHttpAdmsClient } from './http-adms-client'
import { fileLogSource, LogUpload } from './log-upload'
import { FakeAdmsServer } from './testing/fake-adms-server'
import { UploadRefusedError } from './upload-reply'

let dir: ReturnType<typeof tempDir>
let store: Store
let server: FakeAdmsServer
let path: string
let upload: LogUpload

beforeEach(() => {
  dir = tempDir('webroster-log-')
  store = openStore(':memory:')
  server = new FakeAdmsServer()
  path = `${dir.path}/terminal.log`
  const client = createHttpAdmsClient({
    serverUrl: 'http://adms.test',
    sn: 'TEST0001',
    timeoutMs: 500,
    version: '1',
    fetch: async (input, init) => {
      const res = await server.fetch(input, init)
      // Lines the logger appends while the upload is in flight must survive the rotation.
      writeFileSync(path, 'during\n', { flag: 'a' })
      return res
    },
  })
  upload = new LogUpload({ client, store, source: fileLogSource(path) })
})
afterEach(() => {
  store.close()
  dir.remove()
})

describe('log upload', () => {
  it('uploads once a day and cuts only the accepted bytes', async () => {
    writeFileSync(path, 'first line\n')
    expect(upload.due('2025-05-20')).toBe(true)
    expect(await upload.upload('2025-05-20')).toBe(11)
    expect(server.logs).toEqual([
      { name: 'terminal-2025-05-20.log', sn: 'TEST0001', text: 'first line\n' },
    ])
    expect(readFileSync(path, 'utf8')).toBe('during\n')
    expect(upload.due('2025-05-20')).toBe(false)
    expect(upload.due('2025-05-21')).toBe(true)
  })

  it('keeps the whole file when the server refuses', async () => {
    writeFileSync(path, 'keep me\n')
    const refusing = new LogUpload({
      client: {
        ...createHttpAdmsClient({ serverUrl: 'http://x', sn: 'A', timeoutMs: 100, version: '1' }),
        uploadLog: async () => ({ status: 419, body: 'CSRF', date: null }),
      },
      store,
      source: fileLogSource(path),
    })
    await expect(refusing.upload('2025-05-20')).rejects.toBeInstanceOf(UploadRefusedError)
    expect(readFileSync(path, 'utf8')).toBe('keep me\n')
    expect(refusing.due('2025-05-20')).toBe(true)
  })

  it('skips a missing log without failing', async () => {
    expect(await upload.upload('2025-05-20')).toBe(0)
    expect(server.logs).toEqual([])
  })

  it('keeps the day due when the log was empty, so later lines still go that day', async () => {
    writeFileSync(path, '')
    expect(await upload.upload('2025-05-20')).toBe(0)
    expect(upload.due('2025-05-20')).toBe(true)
    writeFileSync(path, 'a warning later that day\n')
    expect(await upload.upload('2025-05-20')).toBeGreaterThan(0)
    expect(server.logs.map((l) => l.text)).toEqual(['a warning later that day\n'])
    expect(upload.due('2025-05-20')).toBe(false)
  })
})
