#!/usr/bin/env node
// Races for a lock: `lock-racer.mjs <lock module url>`. Reads `go <file> <epoch ms>` lines on stdin,
// busy-waits until that moment, calls acquireLock(file) and prints `<file> won|lost|problem`.
// Never releases: a winner stays alive (holding) until stdin ends, so no later taker is legitimate.
import readline from 'node:readline';

const { acquireLock } = await import(process.argv[2]);
process.stdout.write('ready\n');
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const [, file, at] = line.split(' ');
  while (Date.now() < Number(at)) { /* spin: start together */ }
  let outcome;
  try {
    const result = acquireLock(file);
    outcome = result.ok ? 'won' : 'problem' in result ? 'problem' : 'lost';
  } catch (error) {
    outcome = `threw:${error.code ?? error.message}`;
  }
  process.stdout.write(`${file} ${outcome}\n`);
}
