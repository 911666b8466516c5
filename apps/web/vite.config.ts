import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the console's API comes from a running Meshlens server (`npm start`, or
// MESHLENS_API_URL); the built console is served by that server itself.
const api = process.env['MESHLENS_API_URL'] ?? 'http://127.0.0.1:15010';

export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', proxy: { '/api': api } },
  preview: { host: '127.0.0.1', proxy: { '/api': api } },
});
