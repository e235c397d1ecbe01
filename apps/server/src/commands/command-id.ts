import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'

/** A new command id: 16 random base36 characters (firmware accepts at most 16 alphanumerics). */
export function newCommandId(): string {
  const bytes = randomBytes(16)
  let id = ''
  // 256 % 36 = 4: the slight bias toward four symbols leaves ~82 bits of randomness, plenty for uniqueness.
  for (const b of bytes) id += ALPHABET[b % 36]
  return id
}
