import { describe, expect, it } from 'vitest'
import { As608ChecksumError, As608PacketError } from './as608-errors'
import { As608PacketReader, encodePacket, hex } from './as608-packet'

const GEN_IMG = 'EF 01 FF FF FF FF 01 00 03 01 00 05'
const bytes = (text: string) => Uint8Array.from(text.split(' '), (b) => Number.parseInt(b, 16))

describe('AS608 packets', () => {
  it('encodes the datasheet GenImg packet', () => {
    expect(hex(encodePacket(0xffffffff, 0x01, Uint8Array.of(0x01)))).toBe(GEN_IMG)
  })

  it('reassembles a packet split into single bytes and two packets in one chunk', () => {
    const reader = new As608PacketReader()
    const ack = bytes('EF 01 FF FF FF FF 07 00 03 00 00 0A')
    const got = [...ack].flatMap((b) => reader.push(Uint8Array.of(b)))
    expect(got).toEqual([{ address: 0xffffffff, pid: 7, payload: Uint8Array.of(0) }])
    const two = new Uint8Array([...ack, ...ack])
    expect(reader.push(two)).toHaveLength(2)
  })

  it('resyncs on the header after noise, and past a damaged packet', () => {
    const reader = new As608PacketReader()
    const noise = bytes('00 EF 55 EF')
    const damaged = bytes('EF 01 FF FF FF FF 07 00 03 00 00 0B')
    const good = bytes('EF 01 FF FF FF FF 07 00 03 02 00 0C')
    const out = reader.push(new Uint8Array([...noise, ...damaged, ...good]))
    expect(out[0]).toBeInstanceOf(As608ChecksumError)
    expect(out[1]).toEqual({ address: 0xffffffff, pid: 7, payload: Uint8Array.of(2) })
  })

  it('reports an impossible packet identifier instead of waiting for its length', () => {
    const reader = new As608PacketReader()
    const [error] = reader.push(bytes('EF 01 FF FF FF FF 33 FF FF'))
    expect(error).toBeInstanceOf(As608PacketError)
  })
})
