import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeQueryComponent, isHandshake, parseDeviceRequest } from './query'

describe('parseDeviceRequest', () => {
  it('reads a handshake in any parameter order', () => {
    const req = parseDeviceRequest(
      '/iclock/cdata?PushOptionsFlag=2&SN=CEZU202360241&language=69&options=all&pushver=2.4.0&DeviceType=middle%20east&pushcommkey=4a95df26',
    )
    expect(req).toMatchObject({
      endpoint: 'cdata',
      sn: 'CEZU202360241',
      options: 'all',
      pushver: '2.4.0',
      language: '69',
      deviceType: 'middle east',
      pushOptionsFlag: '2',
      pushCommKey: '4a95df26',
    })
    expect(isHandshake(req)).toBe(true)
    expect(isHandshake(req, 'POST')).toBe(false)
  })

  it.each([
    ['http://10.0.0.1:8081/iclock/cdata.aspx?SN=A1&table=ATTLOG&Stamp=9999', 'cdata'],
    ['/iclock/getrequest.aspx?SN=A1', 'getrequest'],
    ['/iclock/devicecmd?SN=A1', 'devicecmd'],
    ['/iclock/upload-log', 'upload-log'],
    ['/iclock/Weird', 'Weird'],
  ])('normalises the endpoint of %s', (url, endpoint) => {
    expect(parseDeviceRequest(url).endpoint).toBe(endpoint)
  })

  it('accepts a URL object and a path token', () => {
    const req = parseDeviceRequest(
      new URL('http://localhost/iclock/tok3n/cdata?sn=X9&table=OPERLOG&OpStamp=12'),
    )
    expect(req).toMatchObject({
      endpoint: 'cdata',
      pathToken: 'tok3n',
      sn: 'X9',
      table: 'OPERLOG',
      opStamp: '12',
    })
  })

  it('keeps raw spaces and stray % from legacy and hand-built query strings', () => {
    const req = parseDeviceRequest(
      '/iclock/getrequest?SN=WBIO1&INFO=Ver 6.39 Apr 28 2008,2,0,0,192.168.1.201&uptime=up 2 hours, 3 minutes&disk=23%&mem=41%25',
    )
    expect(req.info).toBe('Ver 6.39 Apr 28 2008,2,0,0,192.168.1.201')
    expect(req.params.uptime).toBe('up 2 hours, 3 minutes')
    expect(req.params.disk).toBe('23%')
    expect(req.params.mem).toBe('41%')
  })

  it('keeps the first of repeated parameters and reads Stamp/PhotoStamp/tablename/type', () => {
    const req = parseDeviceRequest(
      '/iclock/querydata?SN=A&SN=B&type=tabledata&tablename=user&Stamp=1&PhotoStamp=2',
    )
    expect(req).toMatchObject({
      sn: 'A',
      type: 'tabledata',
      tableName: 'user',
      stamp: '1',
      photoStamp: '2',
    })
    expect(req.params.SN).toBe('A')
  })

  it('never throws on garbage', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const req = parseDeviceRequest(`/iclock/cdata?${s}`)
        expect(req.endpoint).toBe('cdata')
      }),
    )
    fc.assert(fc.property(fc.string(), (s) => typeof parseDeviceRequest(s).endpoint === 'string'))
  })
})

describe('decodeQueryComponent', () => {
  it.each([
    ['a%20b+c', 'a b c'],
    ['100%', '100%'],
    ['%E4%BD%A0', '你'],
    ['%E4', '\uFFFD'],
    ['%zz', '%zz'],
  ])('%s', (input, expected) => expect(decodeQueryComponent(input)).toBe(expected))
})
