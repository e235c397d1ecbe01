import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api, ok } from '../api/client'
import { useI18n } from '../i18n/i18n'
import { Button, Dialog, ErrorText, Field } from '../ui/ui'

/**
 * CSV import in two steps: a dry run reports every row the import would refuse, and only then the operator
 * applies it (the server reads the same file again; rows that were good stay good).
 */
export function ImportDialog(props: { onClose: () => void }) {
  const { t } = useI18n()
  const queries = useQueryClient()
  const [csv, setCsv] = useState('')
  const [file, setFile] = useState('')
  const run = useMutation({
    mutationFn: (dryRun: boolean) => ok(api().api.people.import.post(csv, { query: { dryRun } })),
    onSuccess: async (report) => {
      if (!report.dryRun) await queries.invalidateQueries({ queryKey: ['people'] })
    },
  })
  const report = run.data
  return (
    <Dialog title={t('people.import')} onClose={props.onClose}>
      <div className="form">
        <p className="muted small">{t('people.importHelp')}</p>
        <Field label={t('people.importFile')}>
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              const chosen = e.target.files?.[0]
              run.reset()
              if (!chosen) return
              setFile(chosen.name)
              void chosen.text().then(setCsv)
            }}
          />
        </Field>
        <ErrorText error={run.error} />
        {report ? (
          <div data-testid="import-report">
            <p className={report.dryRun ? 'notice' : 'notice ok'}>
              {t(report.dryRun ? 'people.importChecked' : 'people.importDone', {
                file,
                rows: report.rows,
                created: report.created,
                updated: report.updated,
                unchanged: report.unchanged,
                rejected: report.rejected,
              })}
            </p>
            {report.errors.length > 0 ? (
              <table className="table compact">
                <thead>
                  <tr>
                    <th>{t('people.importRow')}</th>
                    <th>{t('people.pin')}</th>
                    <th>{t('people.importColumn')}</th>
                    <th>{t('people.importMessage')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.errors.flatMap((r) =>
                    r.errors.map((e) => (
                      <tr key={`${r.row}-${e.column}-${e.message}`}>
                        <td>{r.row}</td>
                        <td className="mono">{r.pin ?? ''}</td>
                        <td className="mono">{e.column}</td>
                        <td>{e.message}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            ) : null}
          </div>
        ) : null}
        <div className="row">
          <Button disabled={csv === '' || run.isPending} onClick={() => run.mutate(true)}>
            {t('people.importCheck')}
          </Button>
          <Button
            variant="primary"
            disabled={!report?.dryRun || run.isPending || report.rows === report.rejected}
            onClick={() => run.mutate(false)}
          >
            {t('people.importApply')}
          </Button>
        </div>
      </div>
    </Dialog>
  )
}
