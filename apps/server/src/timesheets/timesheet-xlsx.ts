import { PassThrough, Readable } from 'node:stream'
import type { StoredDay } from './day-store'
import { timesheetCsvCells, timesheetCsvHeader } from './day-view'

/**
 * A timesheet as an XLSX workbook for payroll, written with exceljs' streaming writer (a well-kept library: the
 * format is a zip of XML parts that is easy to get subtly wrong by hand). Rows are committed as each page arrives,
 * so the workbook is never held whole in memory; the columns are the CSV's.
 */
export function timesheetXlsxStream(pages: AsyncIterable<StoredDay[]>): ReadableStream<Uint8Array> {
  const out = new PassThrough()
  const write = async () => {
    // Loaded on the first export, not at start: the library and its zip stack cost the server ~0.5 s of CPU and
    // memory that most processes never need.
    const { default: ExcelJS } = await import('exceljs')
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
    })
    const sheet = workbook.addWorksheet('Timesheet')
    sheet.addRow(timesheetCsvHeader()).commit()
    for await (const page of pages) {
      for (const day of page) sheet.addRow(timesheetCsvCells(day)).commit()
    }
    sheet.commit()
    await workbook.commit()
  }
  write().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))))
  // Node types the web stream of a Node stream loosely; its chunks are the bytes written.
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>
}
