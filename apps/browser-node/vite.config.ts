import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  publicDir: resolve(root, 'public'), // public/data/mnist.bin comes from `pnpm prepare-data`
  resolve: {
    // simple-peer's default entry expects Node's `global` and fails in the browser; its bundled build works.
    alias: [{ find: /^simple-peer$/, replacement: 'simple-peer/simplepeer.min.js' }],
  },
  worker: { format: 'es' },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      input: {
        index: resolve(root, 'index.html'),
        dashboard: resolve(root, 'dashboard.html'),
        // `pnpm bench browser`: the page driven by bench/pages (served at /bench/).
        bench: resolve(root, 'bench/index.html'),
      },
    },
  },
  server: {
    // `pnpm dev`: the page talks to a signaling server started separately (CANOPY_SERVER; the server's default port is 8080).
    proxy: { '/socket.io': { target: process.env['CANOPY_SERVER'] ?? 'http://localhost:8080', ws: true } },
  },
});
