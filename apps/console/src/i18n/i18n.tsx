import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react'
import { en, type MessageKey, type Messages } from './en'
import { es } from './es'

export const LANGUAGES = { en, es } as const satisfies Record<string, Messages>
export type Language = keyof typeof LANGUAGES

const STORAGE_KEY = 'webroster.language'

/** The language asked for before (this browser), else the first of the browser's languages we have, else English. */
export function pickLanguage(stored: string | null, preferred: readonly string[]): Language {
  if (stored && stored in LANGUAGES) return stored as Language
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] ?? ''
    if (base in LANGUAGES) return base as Language
  }
  return 'en'
}

/** A message with `{name}` placeholders filled in. */
export function format(
  messages: Messages,
  key: MessageKey,
  values: Record<string, string | number> = {},
) {
  return messages[key].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(values[name] ?? `{${name}}`),
  )
}

export interface I18n {
  language: Language
  /** The browser's locale for numbers and dates, in the chosen language (`es-MX` stays `es-MX`) */
  locale: string
  t: (key: MessageKey, values?: Record<string, string | number>) => string
  /** A word the server sends (a punch state, a verify mode), translated when we know it, else as sent */
  word: (
    prefix: 'state' | 'source' | 'verify' | 'timesheets.status' | 'timesheets.kind',
    value: string,
  ) => string
  setLanguage: (language: Language) => void
}

const I18nContext = createContext<I18n | undefined>(undefined)

function localeFor(language: Language): string {
  const match = navigator.languages.find((tag) => tag.toLowerCase().startsWith(language))
  return match ?? language
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(() =>
    pickLanguage(localStorage.getItem(STORAGE_KEY), navigator.languages),
  )
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next)
    document.documentElement.lang = next
    setState(next)
  }, [])
  const value = useMemo<I18n>(() => {
    const messages = LANGUAGES[language]
    document.documentElement.lang = language
    return {
      language,
      locale: localeFor(language),
      t: (key, values) => format(messages, key, values),
      word: (prefix, value) => {
        const key = `${prefix}.${value}`
        return key in messages ? messages[key as MessageKey] : value
      },
      setLanguage,
    }
  }, [language, setLanguage])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext)
  if (!i18n) throw new Error('useI18n outside I18nProvider')
  return i18n
}
