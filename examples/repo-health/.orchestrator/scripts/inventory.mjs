#!/usr/bin/env node
// File inventory: how many files and lines, by extension and by top-level folder, and the largest files.
import fs from 'node:fs';
import path from 'node:path';
import { isBinary, listFiles, metrics, plural } from './files.mjs';

const files = listFiles();
const rows = files.map((rel) => {
  let buffer;
  try {
    buffer = fs.readFileSync(rel);
  } catch {
    buffer = Buffer.alloc(0);
  }
  const binary = isBinary(buffer);
  const lines = binary || !buffer.length ? 0 : buffer.toString('utf8').split('\n').length - (buffer.at(-1) === 0x0a ? 1 : 0);
  const ext = path.extname(rel).toLowerCase() || '(none)';
  const top = rel.includes('/') ? `${rel.split('/')[0]}/` : '(root)';
  return { rel, bytes: buffer.length, lines, binary, ext, top };
});

const total = (list, key) => list.reduce((sum, row) => sum + row[key], 0);
const group = (key) => {
  const map = new Map();
  for (const row of rows) {
    const g = map.get(row[key]) ?? { name: row[key], files: 0, lines: 0 };
    g.files += 1;
    g.lines += row.lines;
    map.set(row[key], g);
  }
  return [...map.values()].sort((a, b) => b.lines - a.lines || b.files - a.files || a.name.localeCompare(b.name));
};
const n = (x) => x.toLocaleString('en-US');

const out = [];
out.push('# File inventory', '');
out.push(`**${plural(files.length, 'file')}**, ${plural(total(rows, 'lines'), 'line')} of text, ${n(Math.round(total(rows, 'bytes') / 1024))} KB; ${plural(rows.filter((r) => r.binary).length, 'binary file')}.`, '');
if (files.length) {
  out.push('| extension | files | lines |', '|---|---:|---:|');
  for (const g of group('ext').slice(0, 15)) out.push(`| \`${g.name}\` | ${n(g.files)} | ${n(g.lines)} |`);
  out.push('', '| folder | files | lines |', '|---|---:|---:|');
  for (const g of group('top').slice(0, 15)) out.push(`| \`${g.name}\` | ${n(g.files)} | ${n(g.lines)} |`);
  out.push('', 'Largest files by lines:', '');
  for (const r of [...rows].sort((a, b) => b.lines - a.lines).slice(0, 10)) out.push(`- \`${r.rel}\`: ${plural(r.lines, 'line')}`);
}
out.push('', metrics({ files: files.length, lines: total(rows, 'lines') }));
console.log(out.join('\n'));
