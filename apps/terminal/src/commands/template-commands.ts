import {
  type BioTemplate,
  type FaceTemplate,
  type Field,
  type FingerTemplate,
  fieldValue,
  RETURN_BAD_PARAMETER,
  RETURN_OK,
  RETURN_TEMPLATE_SIZE_MISMATCH,
} from '@webroster/protocol'
import type { TemplateKind } from '../store/types'
import type { CommandDeps, Execution } from './command-deps'

/** A template whose declared Size disagrees with its data was cut in transit: refuse it. */
const sizeMismatch = (size: number | undefined, template: string): boolean =>
  size !== undefined && size !== template.length

/** `DATA UPDATE FINGERTMP` / `FACE`: one template per (PIN, FID). */
export function updateTemplate(
  deps: CommandDeps,
  kind: 'fp' | 'face',
  t: FingerTemplate | FaceTemplate,
): Execution {
  const pin = t.pin.trim()
  if (pin === '' || t.template === '') return { returnCode: RETURN_BAD_PARAMETER }
  if (sizeMismatch(t.size, t.template)) return { returnCode: RETURN_TEMPLATE_SIZE_MISMATCH }
  deps.store.upsertTemplate({ pin, kind, no: t.fid, valid: t.valid, template: t.template })
  return { returnCode: RETURN_OK }
}

/** `DATA UPDATE BIODATA`: unified template at (PIN, Type, No, Index). */
export function updateBiodata(deps: CommandDeps, b: BioTemplate): Execution {
  const pin = b.pin.trim()
  if (pin === '' || b.template === '') return { returnCode: RETURN_BAD_PARAMETER }
  deps.store.upsertTemplate({
    pin,
    kind: 'biodata',
    no: b.no,
    index: b.index,
    valid: b.valid,
    type: b.type,
    // The store keeps algorithm versions as integers; an unstated one is 0.
    majorVer: Number.parseInt(b.majorVer, 10) || 0,
    minorVer: Number.parseInt(b.minorVer, 10) || 0,
    format: b.format,
    template: b.template,
  })
  return { returnCode: RETURN_OK }
}

/** `DATA DELETE FINGERTMP PIN=[\tFID=]`, `FACE PIN=`, `BIODATA Pin=[\tType=[\tNo=]]`. */
export function deleteTemplates(
  deps: CommandDeps,
  kind: TemplateKind,
  condition: readonly Field[],
): Execution {
  const pin = fieldValue(condition, 'PIN')?.trim()
  if (!pin) return { returnCode: RETURN_BAD_PARAMETER }
  const noText = fieldValue(condition, kind === 'biodata' ? 'No' : 'FID')
  const no = noText === undefined || noText.trim() === '' ? undefined : Number(noText)
  if (no !== undefined && !Number.isInteger(no)) return { returnCode: RETURN_BAD_PARAMETER }
  const type = fieldValue(condition, 'Type')
  if (kind === 'biodata' && type !== undefined && type.trim() !== '') {
    // The store narrows by kind and number only: delete by number, then put back the other types
    // sharing that number (finger 0 and face 0 both exist).
    const wanted = Number(type)
    const { store } = deps
    store.transaction(() => {
      const all = store.listTemplates(pin).filter((t) => t.kind === 'biodata')
      const hit = all.filter((t) => t.type === wanted && (no === undefined || t.no === no))
      for (const n of new Set(hit.map((t) => t.no))) {
        const keep = all.filter((t) => t.no === n && t.type !== wanted)
        store.deleteTemplates(pin, 'biodata', n)
        store.upsertTemplates(keep)
      }
    })
    return { returnCode: RETURN_OK }
  }
  deps.store.deleteTemplates(pin, kind, no)
  return { returnCode: RETURN_OK }
}
