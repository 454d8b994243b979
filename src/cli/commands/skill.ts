import os from 'node:os';
import path from 'node:path';
import { mcpConfigText, writeClaudeMcp, writeCodexMcp } from '../../mcp/register.js';
import { findSkillDir, installSkill } from '../../skill/install.js';
import { reportError, type Io } from '../io.js';

export function skillInstallCommand(io: Io, options: { claude?: boolean; codex?: boolean; project?: boolean; user?: boolean; dryRun?: boolean; mcp?: boolean }): number {
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
    if (!options.mcp) {
      io.out.write(`${mcpConfigText()}\n`);
      return 0;
    }
    const home = io.env.HOME ?? os.homedir();
    const writes = [];
    // Claude Code keeps user-scoped servers in its own ~/.claude.json: its CLI writes that one
    if ((both || options.claude) && options.user) io.out.write('Claude Code: run `claude mcp add --scope user orch -- orch mcp`\n');
    else if (both || options.claude) writes.push(writeClaudeMcp(io.cwd, Boolean(options.dryRun)));
    if (both || options.codex) writes.push(writeCodexMcp(io.env.CODEX_HOME ?? path.join(home, '.codex'), Boolean(options.dryRun)));
    for (const w of writes) io.out.write(`${options.dryRun ? 'would ' : ''}${w.action} ${w.file} (MCP server orch)\n`);
    return 0;
  } catch (error) {
    return reportError(io, error);
  }
}
