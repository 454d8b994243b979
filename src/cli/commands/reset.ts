import { resetWithWorktrees } from '../../project/reset.js';
import { reportError, type Io } from '../io.js';

export async function resetCommand(io: Io, ids: string[], options: { failed?: boolean; all?: boolean }): Promise<number> {
  if (!ids.length && !options.failed && !options.all) {
    io.err.write('error nothing to reset — name card ids, or pass --failed or --all\n');
    return 2;
  }
  try {
    const { ids: reset, notes } = await resetWithWorktrees(io.cwd, { ids, failed: options.failed, all: options.all });
    io.out.write(reset.length ? `reset ${reset.length} card(s): ${reset.join(', ')}\n` : 'nothing to reset\n');
    for (const note of notes) io.out.write(`${note}\n`);
    return 0;
  } catch (error) {
    return reportError(io, error);
  }
}
