#!/usr/bin/env node
// Possible secrets committed to the project: cloud keys, private keys, API tokens, and
// credentials assigned in code or config. Matches are masked in the output.
import fs from 'node:fs';
import { isBinary, listFiles, metrics, plural } from './files.mjs';

const RULES = [
  { kind: 'AWS access key id', severity: 'critical', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'private key', severity: 'critical', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: 'GitHub token', severity: 'high', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/g },
  { kind: 'Slack token', severity: 'high', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g },
  { kind: 'Stripe live key', severity: 'high', re: /\b[rs]k_live_[0-9A-Za-z]{16,}\b/g },
  { kind: 'Google API key', severity: 'high', re: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'AI provider API key', severity: 'high', re: /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{32,}\b/g },
  {
    kind: 'credential in code',
    severity: 'medium',
    re: /\b(?:api[_-]?key|secret(?:[_-]?key)?|access[_-]?token|auth[_-]?token|passw(?:or)?d)["']?\s*[:=]\s*["']([^"'\s]{12,})["']/gi,
    value: 1,
  },
];
/** Values that are obviously not real credentials. */
const PLACEHOLDER = /^(?:x+|\*+|\.+|changeme|password|secret|example.*|your[_-].*|<.*>|\$\{.*\}|\{\{.*\}\}|process\.env.*)$/i;
const SKIP_FILES = /(?:^|\/)(?:package-lock\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|Cargo\.lock|go\.sum|poetry\.lock)$/;
const RANK = { critical: 0, high: 1, medium: 2, low: 3 };

const findings = [];
for (const rel of listFiles()) {
  if (SKIP_FILES.test(rel)) continue;
  let buffer;
  try {
    buffer = fs.readFileSync(rel);
  } catch {
    continue;
  }
  if (isBinary(buffer) || buffer.length > 2 * 1024 * 1024) continue;
  const lines = buffer.toString('utf8').split('\n');
  lines.forEach((line, index) => {
    for (const rule of RULES) {
      for (const match of line.matchAll(rule.re)) {
        const secret = match[rule.value ?? 0] ?? match[0];
        if (rule.value && PLACEHOLDER.test(secret)) continue;
        findings.push({ ...rule, file: rel, line: index + 1, shown: mask(rule.kind === 'private key' ? match[0] : secret) });
      }
    }
  });
}
findings.sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.file.localeCompare(b.file) || a.line - b.line);

function mask(text) {
  if (text.startsWith('-----')) return text;
  return `${text.slice(0, 4)}…(${text.length} chars)`;
}

const count = (severity) => findings.filter((f) => f.severity === severity).length;
const out = ['# Possible secrets', ''];
if (!findings.length) {
  out.push('No possible secrets found.');
} else {
  out.push(`**${plural(findings.length, 'possible secret')}**: ${count('critical')} critical, ${count('high')} high, ${count('medium')} medium. Values are masked.`, '');
  out.push('| severity | file:line | kind | match |', '|---|---|---|---|');
  for (const f of findings.slice(0, 100)) out.push(`| ${f.severity} | \`${f.file}:${f.line}\` | ${f.kind} | \`${f.shown}\` |`);
  if (findings.length > 100) out.push('', `…and ${findings.length - 100} more.`);
  out.push('', 'A real key must be removed from the code **and rotated**: it stays in the git history.');
}
out.push('', metrics({ secrets: findings.length, critical: count('critical'), high: count('high'), medium: count('medium') }));
console.log(out.join('\n'));
