import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { EARLY_ENTRY_SCRIPT } from '../server/modules/respondent/early-entry.ts';
import { readManifest, respondentPage } from './bundle-manifest.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * anketa.html: the page for respondents' addresses (/anketa…), the same as index.html but telling the browser at once
 * about every file the questionnaire needs (the respondent app, the survey engine and its styles), which it would
 * otherwise discover one lazy import after another, a round trip each on a rural link. First in its head, before any
 * stylesheet can hold it up, the script that sends a personal link's code at once (EARLY_ENTRY_SCRIPT).
 */
async function writeRespondentHtml(dist: string) {
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  const { files } = respondentPage(readManifest(dist));
  const hints = files
    .filter((file) => !html.includes(`/${file}"`))
    .map((file) =>
      file.endsWith('.css')
        ? `<link rel="preload" as="style" crossorigin href="/${file}">`
        : `<link rel="modulepreload" crossorigin href="/${file}">`,
    );
  const charset = '<meta charset="UTF-8" />';
  if (!html.includes(charset)) throw new Error(`index.html lost its ${charset}`);
  await writeFile(
    path.join(dist, 'anketa.html'),
    html
      .replace(charset, `${charset}\n    <script>${EARLY_ENTRY_SCRIPT}</script>`)
      .replace('  </head>', `    ${hints.join('\n    ')}\n  </head>`),
  );
}

/**
 * After the build: the respondents' page, then .gz and .br beside every text asset at the highest levels, served
 * as-is by the server: less to send over slow rural links, and no compression work per request.
 */
function finishDist(): Plugin {
  return {
    name: 'muko-dist',
    apply: 'build',
    async closeBundle() {
      const dist = path.join(root, 'dist');
      await writeRespondentHtml(dist);
      const files = await readdir(dist, { recursive: true });
      await Promise.all(
        files
          .filter((file) => /\.(js|css|html|svg|json)$/.test(file))
          .map(async (file) => {
            const full = path.join(dist, file);
            const content = await readFile(full);
            if (content.length < 1024) return;
            await writeFile(`${full}.gz`, gzipSync(content, { level: 9 }));
            await writeFile(`${full}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
          }),
      );
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), finishDist()],
  // The client imports the shared schemas and labels as @server/… and @db/… (tsconfig.json's paths).
  resolve: { tsconfigPaths: true },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    // Old browsers in rural schools: stay on widely supported syntax.
    target: ['es2020', 'chrome87', 'firefox78', 'safari14'],
    sourcemap: false,
    // The benchmark reads which files the respondent's page loads from here.
    manifest: true,
    chunkSizeWarningLimit: 1700,
    rolldownOptions: {
      output: {
        // Libraries only some pages need get chunks of their own, so that a page never downloads one by sharing
        // a chunk with something it does use (the respondent's page must not pay for zod). React is claimed first:
        // a group takes its members' dependencies with it, and inside the survey chunk React would make every staff
        // page download the survey engine.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/, priority: 2 },
            { name: 'survey', test: /node_modules[\\/]survey-(core|react-ui)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
});
