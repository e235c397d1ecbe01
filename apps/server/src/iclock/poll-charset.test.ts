import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { call } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

describe.each(testDbKinds())('names on the wire on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  beforeEach(async () => {
    server = await createTestServer(kind)
    // A Chinese UI told on the handshake, another by its Language option, and an English one.
    await server.request('/iclock/cdata?SN=ZH1&options=all&pushver=2.4.1&language=83')
    await server.request('/iclock/cdata?SN=ZH2&options=all&pushver=2.4.1')
    await server.request('/iclock/cdata?SN=ZH2&table=options', {
      method: 'POST',
      body: '~DeviceName=K40,Language=83',
    })
    await server.request('/iclock/cdata?SN=EN1&options=all&pushver=2.4.1&language=69')
    const res = await call(server, 'POST', '/api/groups', { name: 'All' })
    const group = ((await res.json()) as { id: number }).id
    for (const sn of ['ZH1', 'ZH2', 'EN1']) {
      await call(server, 'PATCH', `/api/devices/${sn}`, { groupIds: [group] })
    }
    await call(server, 'POST', '/api/people', { pin: '8', name: '张三 Pérez', groupIds: [group] })
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })

  const pollBytes = async (sn: string) => {
    const res = await server.request(`/iclock/getrequest?SN=${sn}`)
    return { type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) }
  }

  it('sends names to Chinese-language units in GB18030, and says so', async () => {
    // 张 = D5 C5, 三 = C8 FD, é = A8 A6 in GB18030
    const gb = [0xd5, 0xc5, 0xc8, 0xfd, 0x20, 0x50, 0xa8, 0xa6, 0x72, 0x65, 0x7a]
    for (const sn of ['ZH1', 'ZH2']) {
      const { type, bytes } = await pollBytes(sn)
      expect([sn, type]).toEqual([sn, 'text/plain;charset=gb18030'])
      const text = new TextDecoder('gb18030').decode(bytes)
      expect(text).toMatch(/^C:\w+:DATA UPDATE USERINFO PIN=8\tName=张三 Pérez\t/)
      const at = text.indexOf('Name=') + 5
      expect([...bytes.subarray(at, at + gb.length)]).toEqual(gb)
    }
  })

  it('sends them in UTF-8 to every other unit', async () => {
    const { type, bytes } = await pollBytes('EN1')
    expect(type ?? '').not.toContain('gb18030')
    expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toContain('Name=张三 Pérez\t')
  })
})
