#!/usr/bin/env node
// Checks that <folder>/README.md links every other markdown file in <folder>. Exits 1 if not.
// Usage: node check-index.mjs docs/fr
import fs from 'node:fs';
import path from 'node:path';

const folder = process.argv[2] ?? '.';
const index = path.join(folder, 'README.md');
let text = '';
try {
  text = fs.readFileSync(index, 'utf8');
} catch {
  console.log(`${index} is missing: write the index there`);
  process.exit(1);
}
const pages = fs.readdirSync(folder).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
const missing = pages.filter((page) => !text.includes(`](${page})`) && !text.includes(`](./${page})`));
if (missing.length) {
  console.log(`${index} does not link: ${missing.join(', ')}. Link each page as [Title](${missing[0]}).`);
  process.exit(1);
}
console.log(`${index} links all ${pages.length} pages`);
