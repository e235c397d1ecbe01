import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import {
  AS608_ALGORITHM,
  isAs608Template,
  tagAs608Template,
  untagAs608Template,
} from './fingerprint-format'

describe('AS608 template tag', () => {
  it('is the bytes AS608\\0 in front of the sensor bytes, in one base64 text', () => {
    const sensor = Buffer.from([3, 1, 250, 0, 7])
    const tagged = tagAs608Template(sensor.toString('base64'))
    expect(Buffer.from(tagged, 'base64')).toEqual(
      Buffer.concat([Buffer.from(`${AS608_ALGORITHM}\0`), sensor]),
    )
    expect(isAs608Template(tagged)).toBe(true)
    expect(Buffer.from(untagAs608Template(tagged) ?? '', 'base64')).toEqual(sensor)
  })

  it('leaves ZK and simulated templates alone', () => {
    for (const other of ['TUzIxU1MyMQ==', 'ocoYgZ6nVgEL', 'V0VCUk9TVEVS', 'QVM2MDgA']) {
      expect(isAs608Template(other)).toBe(false)
      expect(untagAs608Template(other)).toBeUndefined()
    }
  })
})
