/** Base of every PN532 driver error, so callers can tell reader faults from their own bugs. */
export class Pn532Error extends Error {
  override name = 'Pn532Error'
}

/** A frame that does not follow the PN532 frame format (UM0701-02 §6.2.1). */
export class Pn532FrameError extends Pn532Error {
  override name = 'Pn532FrameError'
}

/** LEN+LCS or TFI+data+DCS did not sum to 0 mod 256: the bytes were damaged on the bus. */
export class Pn532ChecksumError extends Pn532FrameError {
  override name = 'Pn532ChecksumError'
}

/** The PN532 answered a command with NACK even after it was sent again. */
export class Pn532NackError extends Pn532Error {
  override name = 'Pn532NackError'
}

/** The PN532 sent its error frame (00 00 FF 01 FF 7F 81 00): it found the command malformed. */
export class Pn532ApplicationError extends Pn532Error {
  override name = 'Pn532ApplicationError'
}

/** The PN532 did not raise its ready bit in time. */
export class Pn532TimeoutError extends Pn532Error {
  override name = 'Pn532TimeoutError'
}
