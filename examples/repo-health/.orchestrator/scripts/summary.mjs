#!/usr/bin/env node
// The final card: reads the other cards' results from $ORCH_DIR/results/<id>.md and writes the
// executive summary and a ranked list of what to fix first.
import fs from 'node:fs';
import path from 'node:path';
import { plural } from './files.mjs';

const dir = process.env.ORCH_DIR ?? '.orchestrator';
const CARDS = ['inventory', 'todos', 'secrets', 'typecheck', 'deps'];

const results = Object.fromEntries(CARDS.map((id) => [id, read(id)]));
const m = Object.fromEntries(CARDS.map((id) => [id, metricsOf(results[id])]));
const n = (x) => Number(x ?? 0).toLocaleString('en-US');

// Ranked findings: [severity, text].
const fixes = [];
const secretRows = tableRows(results.secrets).filter((row) => row.length >= 4);
for (const [severity, where, kind] of secretRows.slice(0, 10)) {
  fixes.push([severity, `${kind} in \`${where}\`: remove it from the code and rotate it.`]);
}
if (m.typecheck.typeErrors > 0) fixes.push(['high', `${plural(m.typecheck.typeErrors, 'type error')} from \`tsc --noEmit\`: see the type check below.`]);
if (m.deps.packageJson && !/lockfile: `/.test(results.deps ?? '')) fixes.push(['medium', 'No lockfile: commit one so installs are reproducible.']);
if (m.deps.loose > 0) fixes.push(['low', `${plural(m.deps.loose, 'dependency', 'dependencies')} with loose version ranges: pin them.`]);
if (m.todos.todos > 0) {
  const first = codeLines(results.todos).slice(0, 3).map((l) => `\`${l.split(':').slice(0, 2).join(':')}\``);
  fixes.push(['low', `${plural(m.todos.todos, 'TODO/FIXME marker')} (first: ${first.join(', ')}): turn the real ones into issues.`]);
}
const RANK = { critical: 0, high: 1, medium: 2, low: 3 };
fixes.sort((a, b) => (RANK[a[0]] ?? 9) - (RANK[b[0]] ?? 9));

const worst = fixes[0]?.[0];
const verdict = worst === 'critical' ? '🔴 act now' : worst === 'high' ? '🟠 needs attention' : worst ? '🟡 minor issues' : '🟢 healthy';
const typecheck = m.typecheck.typecheck === 'ran'
  ? (m.typecheck.typeErrors ? plural(m.typecheck.typeErrors, 'error') : 'no errors')
  : m.typecheck.typecheck === 'not-installed' ? 'skipped: TypeScript not installed' : 'skipped: no tsconfig.json';
const deps = m.deps.packageJson
  ? `${n(m.deps.runtime)} runtime, ${n(m.deps.dev)} dev${m.deps.peer ? `, ${n(m.deps.peer)} peer` : ''}`
  : 'no package.json';
const secrets = m.secrets.secrets
  ? `${n(m.secrets.secrets)} possible (${n(m.secrets.critical)} critical, ${n(m.secrets.high)} high, ${n(m.secrets.medium)} medium)`
  : 'none found';

const out = [
  '# Repository health',
  '',
  `**Verdict: ${verdict}.** ${plural(m.inventory.files ?? 0, 'file')}, ${plural(m.inventory.lines ?? 0, 'line')}; ${fixes.length ? `${plural(fixes.length, 'thing')} to fix, the worst ${worst}.` : 'nothing to fix.'}`,
  '',
  '| check | result |',
  '|---|---|',
  `| Files | ${plural(m.inventory.files ?? 0, 'file')}, ${plural(m.inventory.lines ?? 0, 'line')} |`,
  `| Secrets | ${secrets} |`,
  `| Type check | ${typecheck} |`,
  `| TODO / FIXME | ${plural(m.todos.todos ?? 0, 'marker')} |`,
  `| Dependencies | ${deps} |`,
  '',
];
if (fixes.length) {
  out.push('## Fix first', '');
  fixes.forEach(([severity, text], i) => out.push(`${i + 1}. **${severity}**: ${text}`));
  out.push('');
}
out.push('Each check\'s full result follows in this report.');
console.log(out.join('\n'));

function read(id) {
  try {
    return fs.readFileSync(path.join(dir, 'results', `${id}.md`), 'utf8');
  } catch {
    return undefined;
  }
}

function metricsOf(text) {
  const match = /<!-- repo-health (\{.*?\}) -->/.exec(text ?? '');
  try {
    return match ? JSON.parse(match[1]) : {};
  } catch {
    return {};
  }
}

/** Cells of the body rows of the markdown tables in `text`, backticks stripped. */
function tableRows(text) {
  return (text ?? '').split('\n')
    .filter((l) => l.startsWith('| ') && !/^\|\s*-/.test(l) && !/^\| severity \|/.test(l))
    .map((l) => l.slice(1, -1).split('|').map((c) => c.trim().replace(/^`|`$/g, '')));
}

function codeLines(text) {
  const block = /```text\n([\s\S]*?)```/.exec(text ?? '');
  return block ? block[1].split('\n').filter(Boolean) : [];
}
