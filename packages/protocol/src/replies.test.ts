import { describe, expect, it } from 'vitest'
import { md5Hex } from './md5'
import {
  accessToken,
  formatOkReply,
  formatPushConfigReply,
  formatRegistryOkBlock,
  formatRegistryReply,
  formatRtdataTimeReply,
  formatTableCountReply,
  type PushConfig,
  parseOkReply,
  parsePushConfig,
  parseRegistryReply,
  parseRtdataTimeReply,
  parseTableCountReply,
} from './replies'

describe('OK replies', () => {
  it('writes the vendor shapes', () => {
    expect(formatOkReply()).toBe('OK')
    expect(formatOkReply(9)).toBe('OK:9')
    expect(formatOkReply(0)).toBe('OK:0')
  })
  it.each([
    ['OK:9', { ok: true, count: 9 }],
    ['OK:9\n', { ok: true, count: 9 }],
    ['OK: 9', { ok: true, count: 9 }],
    ['OK: 3\r\n', { ok: true, count: 3 }],
    ['OK:1\nPOST from: A1\n', { ok: true, count: 1 }],
    ['OK', { ok: true }],
    ['OK\n', { ok: true }],
  ])('%j is ok', (body, expected) => expect(parseOkReply(body)).toEqual(expected))
  it.each([
    'ERROR: 3',
    'ERROR: 0\n',
    'ERROR: Device not found',
    '',
    'OKAY',
    'OK:x',
    'UNKNOWN Device: A1',
  ])('%j is not ok', (body) => expect(parseOkReply(body).ok).toBe(false))
})

const config: PushConfig = {
  serverVersion: '3.0.1',
  serverName: 'ADMS',
  pushVersion: '3.0.1',
  errorDelay: 60,
  requestDelay: 2,
  transTimes: '00:00;14:00',
  transInterval: 1,
  transTables: ['User', 'Transaction'],
  realtime: true,
  sessionId: 'ABCDEF0123456789ABCDEF0123456789',
  timeoutSec: 10,
}

describe('Security PUSH replies', () => {
  it('writes the vendor /iclock/push example', () => {
    expect(formatPushConfigReply(config)).toBe(
      'ServerVersion=3.0.1\nServerName=ADMS\nPushVersion=3.0.1\nErrorDelay=60\nRequestDelay=2\nTransTimes=00:00;14:00\nTransInterval=1\nTransTables=User Transaction\nRealtime=1\nSessionID=ABCDEF0123456789ABCDEF0123456789\nTimeoutSec=10',
    )
  })
  it('writes and reads the registered init block', () => {
    const block = formatRegistryOkBlock('c0de', { ...config, extra: { BioPhotoFun: '1' } })
    expect(
      block.startsWith(
        'registry=ok\nRegistryCode=c0de\nServerVersion=3.0.1\nServerName=ADMS\nPushProtVer=3.0.1\n',
      ),
    ).toBe(true)
    expect(parsePushConfig(block.replaceAll('\n', '\r\n'))).toEqual({
      ...config,
      registry: true,
      registryCode: 'c0de',
      extra: { BioPhotoFun: '1' },
    })
  })
  it('reads the push reply back and defaults missing keys', () => {
    expect(parsePushConfig(formatPushConfigReply(config))).toEqual(config)
    expect(parsePushConfig('')).toMatchObject({
      requestDelay: 30,
      transInterval: 2,
      realtime: true,
      timeoutSec: 10,
    })
  })
  it('registry code round-trips', () => {
    expect(formatRegistryReply('Zk9x')).toBe('RegistryCode=Zk9x')
    expect(parseRegistryReply('RegistryCode=Zk9x\r\n')).toBe('Zk9x')
    expect(parseRegistryReply('OK')).toBeUndefined()
  })
  it('table counts', () => {
    expect(formatTableCountReply('user', 1)).toBe('user=1')
    expect(parseTableCountReply('templatev10=12\n')).toEqual({ table: 'templatev10', count: 12 })
    expect(parseTableCountReply('OK')).toBeUndefined()
  })
  it('access token is MD5(RegistryCode + SN + SessionID)', () => {
    expect(accessToken('c0de', 'SN1', 'sid')).toBe(md5Hex('c0deSN1sid'))
    expect(accessToken('', '', '')).toBe('d41d8cd98f00b204e9800998ecf8427e')
  })
})

describe('rtdata time reply', () => {
  it('encodes the UTC wall clock as zk-seconds (doc example 583080894 = 2018-02-22 14:54:54)', () => {
    expect(formatRtdataTimeReply(new Date('2018-02-22T14:54:54Z'), 330)).toBe(
      'DateTime=583080894,ServerTZ=+0530',
    )
    expect(formatRtdataTimeReply(new Date('2018-02-22T14:54:54.999Z'), -360)).toBe(
      'DateTime=583080894,ServerTZ=-0600',
    )
  })
  it('parses it back', () => {
    expect(parseRtdataTimeReply('DateTime=583080894,ServerTZ=-0530')).toEqual({
      zkSeconds: 583080894,
      offsetMinutes: -330,
    })
    expect(parseRtdataTimeReply('ok')).toBeUndefined()
  })
})
