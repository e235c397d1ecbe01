import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// In development the console's own server proxies the API to the Webroster server (SERVER_URL), so the
// session cookie and the live event stream are same-origin exactly as in production.
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: process.env.SERVER_URL ?? 'http://127.0.0.1:8081', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The bundle-size report reads it to know which chunks the first load fetches.
    manifest: true,
  },
})
