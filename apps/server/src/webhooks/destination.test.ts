import { describe, expect, it } from 'vitest'
import { refusedDestination } from './destination'

const refused = (url: string, resolve?: (h: string) => Promise<string[]>) =>
  refusedDestination(new URL(url), { allowPrivate: false, ...(resolve ? { resolve } : {}) })

describe('refusedDestination', () => {
  it('refuses private receivers however their address is spelled', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://0177.0.0.1/',
      'http://127.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::1]:9000/',
      'http://[fd00::5]/',
      'http://[fe80::1]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://0/',
      'https://10.0.0.5/x',
      'http://localhost:3000/',
      'http://LOCALHOST./',
      'http://api.localhost/',
    ]) {
      expect(await refused(url), url).toMatch(/WEBHOOK_ALLOW_PRIVATE=true/)
    }
  })

  it('refuses a hostname that resolves to a private address, and says not which', async () => {
    const why = await refused('https://hooks.corp.example/x', async () => [
      '93.184.216.34',
      '10.9.8.7',
    ])
    expect(why).toMatch(/private/)
    expect(why).not.toContain('10.9.8.7')
  })

  it('lets public receivers and names that do not resolve (yet) through', async () => {
    expect(await refused('https://93.184.216.34/x')).toBeUndefined()
    expect(await refused('https://hooks.example/x', async () => ['93.184.216.34'])).toBeUndefined()
    expect(await refused('https://nowhere.example/x', async () => [])).toBeUndefined()
    expect(
      await refused('https://nowhere.example/x', () => Promise.reject(new Error('ENOTFOUND'))),
    ).toBeUndefined()
  })

  it('allows everything when the operator allows private receivers', async () => {
    const rule = { allowPrivate: true }
    expect(await refusedDestination(new URL('http://127.0.0.1/'), rule)).toBeUndefined()
  })
})
