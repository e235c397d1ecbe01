import { Buffer } from 'node:buffer'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EmulatedPn532 } from '../testing/emulated-pn532'
import { createPn532, parseTargetUid } from './pn532'
import {
  Pn532ApplicationError,
  Pn532ChecksumError,
  Pn532NackError,
  Pn532TimeoutError,
} from './pn532-errors'

afterEach(() => {
  vi.useRealTimers()
})

const ACK = '00 00 FF 00 FF 00'
const NACK = '00 00 FF FF 00 00'

describe('createPn532', () => {
  it('reads the firmware version with the exact frame from the manual', async () => {
    const chip = new EmulatedPn532()
    const fw = await createPn532(chip).getFirmwareVersion()
    expect(fw).toEqual({ ic: 0x32, version: 1, revision: 6, support: 7 })
    expect(chip.hostFrames).toEqual(['00 00 FF 02 FE D4 02 2A 00'])
  })

  it('configures the SAM in normal mode and bounds passive activation retries', async () => {
    const chip = new EmulatedPn532()
    const pn532 = createPn532(chip)
    await pn532.samConfiguration()
    await pn532.setPassiveActivationRetries(2)
    expect(chip.samConfigured).toBe(true)
    expect(chip.passiveRetries).toBe(2)
    expect(chip.hostFrames[0]).toBe('00 00 FF 05 FB D4 14 01 14 01 02 00')
  })

  it('reads 4, 7 and 10 byte UIDs, and null without a card', async () => {
    const chip = new EmulatedPn532()
    const pn532 = createPn532(chip)
    await pn532.samConfiguration()
    expect(await pn532.readPassiveTargetUid()).toBeNull()
    for (const uid of ['15cd5b07', '04a1b2c3d4e580', '0102030405060708090a']) {
      chip.card = Buffer.from(uid, 'hex')
      expect(Buffer.from((await pn532.readPassiveTargetUid()) ?? []).toString('hex')).toBe(uid)
    }
    expect(chip.hostFrames.at(-1)).toBe('00 00 FF 04 FC D4 4A 01 00 E1 00')
  })

  it('serialises overlapping commands instead of interleaving their frames', async () => {
    const chip = new EmulatedPn532()
    chip.busyPolls = 2
    const pn532 = createPn532(chip, { pollIntervalMs: 1 })
    await pn532.samConfiguration()
    chip.card = Buffer.from('15cd5b07', 'hex')
    const [fw, uid] = await Promise.all([pn532.getFirmwareVersion(), pn532.readPassiveTargetUid()])
    expect(fw.ic).toBe(0x32)
    expect(Buffer.from(uid ?? []).toString('hex')).toBe('15cd5b07')
  })

  it('waits through busy status bytes', async () => {
    const chip = new EmulatedPn532()
    chip.busyPolls = 3
    const fw = await createPn532(chip, { pollIntervalMs: 1 }).getFirmwareVersion()
    expect(fw.ic).toBe(0x32)
  })

  it('resends a command the chip NACKed', async () => {
    const chip = new EmulatedPn532()
    chip.nackCommands = 1
    await createPn532(chip).getFirmwareVersion()
    expect(chip.hostFrames).toEqual(['00 00 FF 02 FE D4 02 2A 00', '00 00 FF 02 FE D4 02 2A 00'])
  })

  it('gives up after a second NACK', async () => {
    const chip = new EmulatedPn532()
    chip.nackCommands = 2
    await expect(createPn532(chip).getFirmwareVersion()).rejects.toThrow(Pn532NackError)
  })

  it('asks for a damaged response again with NACK', async () => {
    const chip = new EmulatedPn532()
    chip.corruptResponses = 1
    const fw = await createPn532(chip).getFirmwareVersion()
    expect(fw.version).toBe(1)
    expect(chip.hostFrames.at(-1)).toBe(NACK)
  })

  it('rejects a response damaged twice with a checksum error', async () => {
    const chip = new EmulatedPn532()
    chip.corruptResponses = 2
    await expect(createPn532(chip).getFirmwareVersion()).rejects.toThrow(Pn532ChecksumError)
  })

  it('times out on a chip that never gets ready and aborts the command with ACK', async () => {
    vi.useFakeTimers()
    const chip = new EmulatedPn532()
    chip.neverReady = true
    const pending = createPn532(chip, { readyTimeoutMs: 200 }).getFirmwareVersion()
    const settled = expect(pending).rejects.toThrow(Pn532TimeoutError)
    await vi.advanceTimersByTimeAsync(250)
    await settled
    expect(chip.hostFrames.at(-1)).toBe(ACK)
  })

  it('times out when even the ACK never comes', async () => {
    vi.useFakeTimers()
    const chip = new EmulatedPn532()
    chip.busyPolls = 1_000_000
    const pending = createPn532(chip, { readyTimeoutMs: 100 }).getFirmwareVersion()
    const settled = expect(pending).rejects.toThrow(/not ready for ACK of 02 after 100 ms/)
    await vi.advanceTimersByTimeAsync(150)
    await settled
  })

  it('surfaces the error frame as an application error', async () => {
    const chip = new EmulatedPn532()
    // The emulated chip refuses InListPassiveTarget before SAMConfiguration.
    await expect(createPn532(chip).readPassiveTargetUid()).rejects.toThrow(Pn532ApplicationError)
  })

  it('lets the I/O error of a missing chip through with its code', async () => {
    const chip = new EmulatedPn532()
    chip.unplug('ENOENT')
    await expect(createPn532(chip).getFirmwareVersion()).rejects.toMatchObject({ code: 'ENOENT' })
    const elsewhere = new EmulatedPn532(0x48)
    await expect(createPn532(elsewhere).getFirmwareVersion()).rejects.toMatchObject({
      code: 'EREMOTEIO',
    })
  })
})

describe('parseTargetUid', () => {
  it('rejects an impossible UID length', () => {
    expect(() => parseTargetUid(Uint8Array.of(1, 1, 0, 4, 8, 5, 1, 2, 3, 4, 5))).toThrow(
      /malformed/,
    )
    expect(() => parseTargetUid(Uint8Array.of(1, 1, 0, 4, 8, 4, 1, 2))).toThrow(/malformed/)
  })
})
