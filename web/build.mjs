// Bundles the page into dist/web/ (index.html, app.js, layout.js, app.css): the page's script and its
// layout worker's; nothing loaded from outside at run time. Prints the gzipped size of the scripts.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'dist', 'web');
fs.mkdirSync(out, { recursive: true });
await build({
  // the page, and the layout worker it starts (dagre lives only in the worker)
  entryPoints: [{ in: path.join(here, 'src', 'main.tsx'), out: 'app' }, { in: path.join(here, 'src', 'layout-worker.ts'), out: 'layout' }],
  bundle: true, minify: true, format: 'esm', target: 'es2022', platform: 'browser',
  jsx: 'automatic', jsxImportSource: 'preact', legalComments: 'none',
  outdir: out, logLevel: 'warning',
});
for (const name of ['index.html', 'app.css']) fs.copyFileSync(path.join(here, name), path.join(out, name));
const size = (name) => gzipSync(fs.readFileSync(path.join(out, name))).length;
const total = ['app.js', 'layout.js', 'app.css', 'index.html'].reduce((sum, name) => sum + size(name), 0);
if (process.env.ORCH_WEB_SIZE) console.log(`dist/web: ${(total / 1024).toFixed(1)} KB gzipped (app.js ${(size('app.js') / 1024).toFixed(1)} KB, layout.js ${(size('layout.js') / 1024).toFixed(1)} KB)`);
