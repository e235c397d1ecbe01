import { describe, expect, it } from 'vitest'
import { en } from './en'
import { es } from './es'
import { format, pickLanguage } from './i18n'

describe('languages', () => {
  it('picks the stored language, else the browser’s first one we have, else English', () => {
    expect(pickLanguage('es', ['en-US'])).toBe('es')
    expect(pickLanguage(null, ['fr-FR', 'es-MX', 'en'])).toBe('es')
    expect(pickLanguage('xx', ['de'])).toBe('en')
  })

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format(en, 'people.reach', { n: 2 })).toBe('Reaches 2 terminal(s).')
    expect(format(es, 'people.reach', {})).toBe('Llega a {n} terminal(es).')
  })

  it('has every English message translated to something non-empty in Spanish', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) expect(es[key]).not.toBe('')
  })
})
