import os from 'node:os';
import { findSkillDir, installSkill } from '../../skill/install.js';
import { reportError, type Io } from '../io.js';

export function skillInstallCommand(io: Io, options: { claude?: boolean; codex?: boolean; project?: boolean; user?: boolean; dryRun?: boolean }): number {
  if (options.project && options.user) {
    io.err.write('error --project and --user exclude each other — pick one\n');
    return 2;
  }
  const both = !options.claude && !options.codex;
  try {
    const { actions } = installSkill({
      skillDir: findSkillDir(), claude: both || Boolean(options.claude), codex: both || Boolean(options.codex),
      scope: options.user ? 'user' : 'project', projectRoot: io.cwd, home: io.env.HOME ?? os.homedir(), dryRun: Boolean(options.dryRun),
    });
    for (const a of actions) io.out.write(`${options.dryRun ? 'would ' : ''}${a.action === 'unchanged' ? 'keep' : a.action} ${a.target}\n`);
    return 0;
  } catch (error) {
    return reportError(io, error);
  }
}
