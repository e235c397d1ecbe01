/** Base of every AS608 driver error, so callers can tell sensor faults from their own bugs. */
export class As608Error extends Error {
  override name = 'As608Error'
}

/** Bytes that do not form an AS608 packet (header, address, identifier or length out of place). */
export class As608PacketError extends As608Error {
  override name = 'As608PacketError'
}

/** A packet whose checksum does not match: the bytes were damaged on the wire. */
export class As608ChecksumError extends As608PacketError {
  override name = 'As608ChecksumError'
}

/** The sensor did not answer in time (unplugged, unpowered, wrong baud rate or address). */
export class As608TimeoutError extends As608Error {
  override name = 'As608TimeoutError'
}

/**
 * The sensor answered with a confirmation code other than success. Expected outcomes (no finger,
 * no match) are not thrown: the driver returns them; this is for the codes a caller cannot go on from.
 */
export class As608CommandError extends As608Error {
  override name = 'As608CommandError'
  constructor(
    readonly instruction: number,
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}
