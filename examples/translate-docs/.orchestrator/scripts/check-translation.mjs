#!/usr/bin/env node
// Checks a translated markdown file against its source: same headings, same code blocks, same
// inline code, same links, same table rows, and not a copy. Prints each problem; exits 1 on any.
// Usage: node check-translation.mjs docs/install.md docs/fr/install.md
import fs from 'node:fs';

const [sourceFile, targetFile] = process.argv.slice(2);
if (!sourceFile || !targetFile) {
  console.error('usage: check-translation.mjs <source.md> <translation.md>');
  process.exit(2);
}
const read = (file) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};
const source = read(sourceFile);
const target = read(targetFile);
const problems = [];
if (source === undefined) problems.push(`${sourceFile} cannot be read`);
if (!target?.trim()) problems.push(`${targetFile} is missing or empty: write the translation there`);

if (source !== undefined && target?.trim()) {
  const a = parse(source);
  const b = parse(target);
  if (source.trim() === target.trim()) problems.push('the file is a copy of the source: translate the prose');
  if (a.headings.join() !== b.headings.join()) {
    problems.push(`headings differ: the source has levels [${a.headings}], the translation [${b.headings}]; keep one heading per source heading, same level`);
  }
  if (a.blocks.length !== b.blocks.length) problems.push(`the source has ${a.blocks.length} code blocks, the translation ${b.blocks.length}`);
  a.blocks.forEach((block, i) => {
    if (b.blocks[i] !== undefined && b.blocks[i] !== block) problems.push(`code block ${i + 1} was changed: copy code blocks exactly, comments included`);
  });
  for (const code of new Set(a.code)) if (!b.code.includes(code)) problems.push(`inline code \`${code}\` is missing or was changed`);
  for (const link of new Set(a.links)) if (!b.links.includes(link)) problems.push(`link target (${link}) is missing: keep every link target unchanged`);
  if (a.rows !== b.rows) problems.push(`the source has ${a.rows} table rows, the translation ${b.rows}`);
}

if (problems.length) {
  console.log(`${targetFile} does not match ${sourceFile}:`);
  for (const p of problems) console.log(`- ${p}`);
  process.exit(1);
}
console.log(`${targetFile}: structure matches ${sourceFile}`);

function parse(text) {
  const headings = [];
  const blocks = [];
  const prose = [];
  let fence;
  let block = [];
  for (const line of text.split('\n')) {
    if (fence) {
      if (line.trim() === fence) {
        blocks.push(block.join('\n'));
        fence = undefined;
      } else block.push(line);
      continue;
    }
    const open = /^\s*(```+|~~~+)/.exec(line);
    if (open) {
      fence = open[1];
      block = [];
      continue;
    }
    const heading = /^(#{1,6})\s/.exec(line);
    if (heading) headings.push(heading[1].length);
    prose.push(line);
  }
  const body = prose.join('\n');
  return {
    headings,
    blocks,
    code: [...body.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]),
    links: [...body.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]),
    rows: prose.filter((l) => /^\s*\|/.test(l)).length,
  };
}
