// Bundles the page into dist/web/ (index.html, app.js, app.css): one file of script, nothing
// loaded from outside at run time. Prints the gzipped size of the script.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'dist', 'web');
fs.mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(here, 'src', 'main.tsx')],
  bundle: true, minify: true, format: 'esm', target: 'es2022', platform: 'browser',
  jsx: 'automatic', jsxImportSource: 'preact', legalComments: 'none',
  outfile: path.join(out, 'app.js'), logLevel: 'warning',
});
for (const name of ['index.html', 'app.css']) fs.copyFileSync(path.join(here, name), path.join(out, name));
const size = (name) => gzipSync(fs.readFileSync(path.join(out, name))).length;
const total = ['app.js', 'app.css', 'index.html'].reduce((sum, name) => sum + size(name), 0);
if (process.env.ORCH_WEB_SIZE) console.log(`dist/web: ${(total / 1024).toFixed(1)} KB gzipped (app.js ${(size('app.js') / 1024).toFixed(1)} KB)`);
