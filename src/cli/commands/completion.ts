import type { Command } from 'commander';
import { completionScript, completionSpec, SHELLS, type Shell } from '../completion.js';
import type { Io } from '../io.js';

export function completionCommand(io: Io, program: Command, shell: string): number {
  if (!(SHELLS as readonly string[]).includes(shell)) {
    io.err.write(`error unknown shell "${shell}" — pick one of ${SHELLS.join(', ')}\n`);
    return 2;
  }
  io.out.write(completionScript(shell as Shell, completionSpec(program)));
  return 0;
}
