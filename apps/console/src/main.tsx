import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { RouterProvider } from '@tanstack/react-router'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { I18nProvider } from './i18n/i18n'
import { createAppRouter } from './router'
import './styles.css'

// The entry point: the one place that starts something on load.
const queries = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 10_000 } },
})
const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queries}>
        <I18nProvider>
          <RouterProvider router={createAppRouter()} />
        </I18nProvider>
      </QueryClientProvider>
    </StrictMode>,
  )
}
