#!/usr/bin/env node
// Dependencies declared in package.json, with the installed version where node_modules has it,
// the lockfile in use, and ranges loose enough to change under you ("*", "latest", "x").
import fs from 'node:fs';
import { metrics } from './files.mjs';

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'];
const OTHER_MANIFESTS = ['requirements.txt', 'pyproject.toml', 'Pipfile', 'go.mod', 'Cargo.toml', 'Gemfile', 'composer.json', 'pom.xml', 'build.gradle'];
const SECTIONS = [
  ['dependencies', 'runtime'],
  ['devDependencies', 'dev'],
  ['peerDependencies', 'peer'],
  ['optionalDependencies', 'optional'],
];

const out = ['# Dependencies', ''];
const others = OTHER_MANIFESTS.filter((f) => fs.existsSync(f));
let pkg;
try {
  pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
} catch (error) {
  if (error.code !== 'ENOENT') out.push(`package.json cannot be read: ${error.message}`, '');
}

const counts = { runtime: 0, dev: 0, peer: 0, optional: 0 };
const loose = [];
if (pkg) {
  const lock = LOCKFILES.filter((f) => fs.existsSync(f));
  out.push(`\`${pkg.name ?? '(unnamed)'}\`${pkg.version ? ` ${pkg.version}` : ''}; lockfile: ${lock.length ? lock.map((f) => `\`${f}\``).join(', ') : '**none** (installs are not reproducible)'}${pkg.engines?.node ? `; node ${pkg.engines.node}` : ''}.`, '');
  for (const [key, label] of SECTIONS) {
    const entries = Object.entries(pkg[key] ?? {}).sort(([a], [b]) => a.localeCompare(b));
    counts[label] = entries.length;
    if (!entries.length) continue;
    out.push(`**${label}** (${entries.length}):`, '', '| package | wanted | installed |', '|---|---|---|');
    for (const [name, range] of entries) {
      if (/^(\*|latest|x|)$/i.test(String(range).trim())) loose.push(`${name}@${range || '""'}`);
      out.push(`| \`${name}\` | \`${range}\` | ${installed(name) ?? '-'} |`);
    }
    out.push('');
  }
  if (!Object.values(counts).some(Boolean)) out.push('package.json declares no dependencies.', '');
  if (loose.length) out.push(`Loose ranges: ${loose.map((l) => `\`${l}\``).join(', ')}: pin them.`, '');
} else {
  out.push('No package.json: not a Node project, or its manifest lives elsewhere.', '');
}
if (others.length) out.push(`Other dependency manifests: ${others.map((f) => `\`${f}\``).join(', ')} (not analysed).`, '');
out.push(metrics({ packageJson: Boolean(pkg), ...counts, loose: loose.length }));
console.log(out.join('\n'));

function installed(name) {
  try {
    return JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, 'utf8')).version;
  } catch {
    return undefined;
  }
}
