import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SN = 'LOG0001'

function upload(server: TestServer, name: string, text: string) {
  const form = new FormData()
  form.append('sn', SN)
  form.append('file', new Blob([text]), name)
  return server.request(`/iclock/upload-log?SN=${SN}`, { method: 'POST', body: form })
}

describe.each(testDbKinds())('device logs API on %s', (kind) => {
  let server: TestServer
  beforeEach(async () => {
    server = await createTestServer(kind)
    await server.request(`/iclock/cdata?SN=${SN}&options=all&pushver=2.4.1`)
  })
  afterEach(async () => {
    await server.close()
  })

  it('lists uploads newest first, pages, and downloads the bytes', async () => {
    expect((await upload(server, 'a.log', 'first line\n')).status).toBe(200)
    expect((await upload(server, 'b.log', 'second upload\n')).status).toBe(200)
    const page = await server.request(`/api/devices/${SN}/logs?limit=1`)
    expect(page.status).toBe(200)
    const body = (await page.json()) as {
      items: Array<{ id: number; sn: string; fileName: string; size: number }>
      nextCursor: string | null
    }
    expect(body.items).toHaveLength(1)
    expect(body.items[0]).toMatchObject({ sn: SN, fileName: 'b.log', size: 14 })
    const older = await server.request(`/api/devices/${SN}/logs?cursor=${body.nextCursor}`)
    const olderBody = (await older.json()) as { items: Array<{ id: number; fileName: string }> }
    expect(olderBody.items.map((i) => i.fileName)).toEqual(['a.log'])
    const file = await server.request(`/api/devices/${SN}/logs/${olderBody.items[0]?.id}`)
    expect(file.status).toBe(200)
    expect(await file.text()).toBe('first line\n')
    expect(file.headers.get('content-disposition')).toContain('a.log')
  })

  it('answers 404 for a log of another device and 400 for a bad id', async () => {
    await upload(server, 'a.log', 'x\n')
    const list = (await (await server.request(`/api/devices/${SN}/logs`)).json()) as {
      items: Array<{ id: number }>
    }
    const id = list.items[0]?.id
    expect((await server.request(`/api/devices/OTHER/logs/${id}`)).status).toBe(404)
    expect((await server.request(`/api/devices/${SN}/logs/abc`)).status).toBe(400)
  })
})
