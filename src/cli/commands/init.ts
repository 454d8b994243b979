import { initProject } from '../../project/init.js';
import { reportError, type Io } from '../io.js';

export function initCommand(io: Io, options: { force?: boolean; bare?: boolean }): number {
  try {
    const result = initProject(io.cwd, options);
    for (const file of result.created) io.out.write(`created ${file}\n`);
    if (options.force && result.kept.length) io.out.write(`kept ${result.kept.length} existing file(s)\n`);
    io.out.write(options.bare
      ? 'next: add cards with `orch add --id … --body …` (or write .orchestrator/tasks/<id>.md), then `orch validate` and `orch run`\n'
      : 'next: write cards in .orchestrator/tasks/, then `orch validate` and `orch run`\n');
    return 0;
  } catch (error) {
    return reportError(io, error);
  }
}
