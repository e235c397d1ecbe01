import { dataRecordHead, isRecordContinuation } from './command-batch'
import { isRebootCommand } from './command-echo'
import { formatCommand } from './command-format'
import { parseCommand } from './command-parse'
import type { Command } from './command-types'
import { type ParseResult, type RejectedLine, splitRecordLines } from './records'

/** One command as queued for a device: its id and the command. */
export interface CommandLine {
  id: string
  command: Command
}

/** A command line read from a getrequest reply, with its raw command text. */
export interface ParsedCommandLine {
  id: string
  command: Command
  text: string
}

/**
 * Whether `id` is a command id devices accept: 1-16 letters or digits.
 * @example isValidCommandId('a13eeb9927464f9e') // true
 */
export function isValidCommandId(id: string): boolean {
  return /^[A-Za-z0-9]{1,16}$/.test(id)
}

/**
 * The `C:<id>:<command>` form of one line, LF-terminated; throws on an invalid id or a blank command.
 * @example formatCommandLine({ id: '223', command: { type: 'REBOOT' } }) // 'C:223:REBOOT\n'
 */
export function formatCommandLine(line: CommandLine): string {
  if (!isValidCommandId(line.id)) throw new Error(`invalid command id: ${JSON.stringify(line.id)}`)
  const text = formatCommand(line.command)
  if (text.trim() === '') throw new Error(`blank command for id ${line.id}`)
  return `C:${line.id}:${text}\n`
}

/**
 * A getrequest reply body for `lines` (each `C:<id>:<command>\n`); `OK` when there is nothing to send.
 * @example formatCommandLines([{ id: '1', command: { type: 'INFO' } }]) // 'C:1:INFO\n'
 */
export function formatCommandLines(lines: readonly CommandLine[]): string {
  return lines.length === 0 ? 'OK' : lines.map(formatCommandLine).join('')
}

/**
 * Parses a getrequest reply: `OK` alone means no commands; CRLF tolerated; lines that are not `C:<id>:<text>`
 * with a valid id are rejected with the reason, except the fields-only lines that follow a DATA UPDATE/DELETE
 * command, which are further records of it (`C:7:DATA UPDATE USERINFO PIN=1\nPIN=2`).
 * @example parseCommandLines('C:7:CHECK\n').records[0] // { id: '7', command: { type: 'CHECK' }, text: 'CHECK' }
 */
export function parseCommandLines(body: string): ParseResult<ParsedCommandLine> {
  const texts: Array<{ id: string; lines: string[] }> = []
  const rejected: RejectedLine[] = []
  let open: { id: string; lines: string[] } | undefined
  for (const { line, text } of splitRecordLines(body)) {
    if (text.trim() === 'OK') continue
    const m = /^C:([^:]*):(.*)$/is.exec(text)
    if (!m) {
      if (open && isRecordContinuation(text)) open.lines.push(text)
      else rejected.push({ line, text, reason: 'not a C:<id>:<command> line' })
      continue
    }
    open = undefined
    const id = m[1] ?? ''
    const cmdText = m[2] ?? ''
    if (!isValidCommandId(id)) rejected.push({ line, text, reason: `invalid command id "${id}"` })
    else if (cmdText.trim() === '') rejected.push({ line, text, reason: 'empty command' })
    else {
      const entry = { id, lines: [cmdText] }
      texts.push(entry)
      if (dataRecordHead(cmdText) !== undefined) open = entry
    }
  }
  // Parsed once all its records are in: a multi-record command is read in one go, not once per line.
  const records = texts.map(({ id, lines }) => {
    const text = lines.join('\n')
    return { id, command: parseCommand(text), text }
  })
  return { records, rejected }
}

/**
 * Orders a delivery: commands keep their order, except that one restart (REBOOT, RESTART, CONTROL DEVICE 03…)
 * goes last and any other restart is held back for a later poll.
 * @example orderForDelivery([{ id: '1', command: { type: 'REBOOT' } }, { id: '2', command: { type: 'INFO' } }]).map((l) => l.id) // ['2', '1']
 */
export function orderForDelivery<T extends CommandLine>(lines: readonly T[]): T[] {
  const out = lines.filter((l) => !isRebootCommand(l.command))
  const reboot = lines.find((l) => isRebootCommand(l.command))
  if (reboot) out.push(reboot)
  return out
}

/**
 * The longest prefix of `lines` within `maxCount` lines and `maxBytes` UTF-8 bytes of `C:<id>:<cmd>\n`; the first
 * line always goes, so one oversized command cannot block a queue forever.
 * @example capDelivery(lines, 40_000, 200)
 */
export function capDelivery<T extends CommandLine>(
  lines: readonly T[],
  maxBytes: number,
  maxCount: number,
): T[] {
  const encoder = new TextEncoder()
  const out: T[] = []
  let bytes = 0
  for (const l of lines) {
    if (out.length >= maxCount && out.length > 0) break
    const size = encoder.encode(formatCommandLine(l)).length
    if (out.length > 0 && bytes + size > maxBytes) break
    out.push(l)
    bytes += size
  }
  return out
}
