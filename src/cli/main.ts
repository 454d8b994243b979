#!/usr/bin/env node
import { runCli } from './program.js';

/** The only place that exits the process. */
runCli(process.argv.slice(2), { cwd: process.cwd(), out: process.stdout, err: process.stderr, stdin: process.stdin, env: process.env })
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`orch: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 70;
  });
