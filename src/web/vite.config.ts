// Builds the browser app into dist/web, which Ferry serves (src/http/routes/web.ts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { jsBudget } from './js-budget.js';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the same build works at / and under a Path prefix such as /ferry/.
  base: './',
  // The installed app's icons, as they are (their names are in the manifest, routes/pwa.ts).
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Every browser that runs ES2022 knows modulepreload; the polyfill would be dead weight.
    modulePreload: { polyfill: false },
    // Nothing is inlined as a data: URL in script or style: the CSP allows only files from Ferry itself.
    assetsInlineLimit: 0,
    // Names the built files, so that the pages the server draws link to the app's stylesheet (routes/web.ts).
    manifest: true,
    rolldownOptions: {
      // The decryption service worker and the app's own (the offline shell and the share target) are scripts of their
      // own, under names that stay: the page registers them, and a worker's URL decides its scope.
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        'decrypt-sw': fileURLToPath(new URL('app/e2ee/decrypt-sw.ts', import.meta.url)),
        sw: fileURLToPath(new URL('sw/service-worker.ts', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'decrypt-sw' ? 'assets/decrypt-sw.js' : chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js',
      },
    },
  },
  // Lazily loaded parts, each budgeted on its own: each language's catalogue, loaded when that language is chosen
  // (app/state/language.ts), the age code of the pages that encrypt or decrypt, and the highlighting of text previews
  // (app/highlight.ts), when a page shows one, SimpleWebAuthn's browser part (app/passkeys.ts), when a passkey is
  // added or used; the app's service worker, loaded apart from the page.
  plugins: [
    jsBudget(
      150 * 1024,
      [
        { name: 'language catalogue', modules: /\/src\/i18n\/web\/[^/]+\.ts$/, maxBytes: 10 * 1024 },
        { name: 'age (e2ee)', modules: /\/src\/web\/app\/e2ee\/age\.ts$/, maxBytes: 60 * 1024 },
        { name: 'highlighting', modules: /\/src\/web\/app\/highlight\.ts$/, maxBytes: 30 * 1024 },
        { name: 'passkeys (SimpleWebAuthn)', modules: /\/@simplewebauthn\/browser\//, maxBytes: 8 * 1024 },
      ],
      { sw: 4 * 1024 },
    ),
  ],
});
