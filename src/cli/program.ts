import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '../util/duration.js';
import { HELP_AFTER, settle } from './global-options.js';
import { FIELD_FLAGS } from '../cards/flags.js';
import type { Io } from './io.js';

const VERSION = '0.1.0';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`expected a port from 0 to 65535, got "${value}"`);
  return n;
}

function duration(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError(`expected a duration like 30s, 9m or 1h, got "${value}"`);
  return ms;
}

/** argv → command → exit code. Usage errors exit 2. Never calls process.exit. Commands load on use: start-up is part of every run's latency. */
export async function runCli(argv: string[], given: Io): Promise<number> {
  // the global options (-C, --no-emoji) and the project found by walking up settle this copy before any action
  const io: Io = { ...given };
  let code = 0;
  const set = (c: number) => { code = c; };
  const program = new Command('orch')
    .description('Run a DAG of markdown task cards on parallel AI coding agents.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .showHelpAfterError('(run `orch --help` for usage)')
    .option('-C <dir>', 'run as if orch was started in <dir>')
    .addOption(new Option('--no-emoji', 'plain text: no emoji, no colour (also when NO_COLOR or CI is set)'))
    .addHelpText('after', HELP_AFTER)
    .hook('preAction', (_program, action) => settle(io, given, program.opts(), action));

  program.command('init').description('create .orchestrator/ from the template (never overwrites)')
    .option('--force', 'add missing template files to an existing folder (nothing is overwritten or deleted)')
    .option('--here', 'create it in this folder even though a parent folder has one')
    .option('--bare', 'no sample card: only the settings and empty folders')
    .action(async (o) => set((await import('./commands/init.js')).initCommand(io, o)));

  const add = program.command('add').description('write tasks/<id>.md after the checks of `orch validate` (body from --body or stdin)')
    .requiredOption('--id <id>', 'card id (also the file name)');
  for (const f of FIELD_FLAGS) add.option(f.flags, f.description);
  add.option('--body <text>', 'the task (default: stdin)')
    .action(async (o) => set(await (await import('./commands/add.js')).addCommand(io, o)));

  program.command('validate').description('check every card and the config; print the plan')
    .option('-j, --concurrency <n>', 'for the makespan estimate', positiveInt)
    .option('--strict', 'exit 1 when there are warnings')
    .action(async (o) => set((await import('./commands/validate.js')).validateCommand(io, o)));

  program.command('run').description('run until every card is done, failed or blocked (resumes)')
    .option('-j, --concurrency <n>', 'agents running at once', positiveInt)
    .option('--only <ids...>', 'run these cards and what they need')
    .option('-n, --dry-run', 'print what would run, in order; run nothing')
    .option('--force <ids...>', 'run these cards whatever their fingerprints')
    .option('-B, --force-all', 'run every card whatever its fingerprint (as make -B)')
    .option('--fail-fast', 'start nothing new after the first failure')
    .option('--detach', 'run in the background; print the pid and return')
    .option('--json', 'print events as JSON lines')
    .addOption(new Option('--no-watch', 'do not pick up card changes during the run'))
    .option('--redis <url>', 'send attempts to `orch worker`s on this Redis server (or backend.redis in orchestrator.yaml)')
    .option('--local-too', 'with a Redis backend, also run attempts in this process')
    .action(async (o) => set(await (await import('./commands/run.js')).runCommand(io, o)));

  program.command('show').description("a card's effective settings and the exact prompt its next attempt would get")
    .argument('<id>').option('--json', 'one JSON document')
    .action(async (id: string, o) => set((await import('./commands/show.js')).showCommand(io, id, o)));

  program.command('status').description('print the status table')
    .option('--json', 'one JSON document').option('--watch', 'follow changes until Ctrl-C')
    .action(async (o) => set(await (await import('./commands/status.js')).statusCommand(io, o)));

  program.command('wait').description('block until the active run ends (exit 3 if still running at --timeout)')
    .option('--timeout <duration>', 'e.g. 9m', duration)
    .action(async (o) => set(await (await import('./commands/wait.js')).waitCommand(io, { timeoutMs: o.timeout })));

  program.command('report').description('(re)write .orchestrator/report.md from the results')
    .action(async () => set(await (await import('./commands/report.js')).reportCommand(io)));

  program.command('reset').description('make cards run again (their dependents follow) and remove their worktrees')
    .argument('[ids...]').option('--failed', 'every failed, blocked or cancelled card').option('--all', 'every card')
    .action(async (ids: string[], o) => set(await (await import('./commands/reset.js')).resetCommand(io, ids, o)));

  for (const [action, what] of [['approve', 'let a card waiting at its approval gate run'], ['reject', 'fail a card at its approval gate; only its dependents are blocked'], ['cancel', 'stop a running card; its dependents are blocked']] as const) {
    program.command(action).description(what).argument('<id>')
      .action(async (id: string) => set(await (await import('./commands/control.js')).controlCommand(io, action, id)));
  }

  program.command('logs').description("print an attempt's log")
    .argument('<id>').option('--attempt <n>', 'which attempt (default: the latest)', positiveInt).option('--follow', 'keep printing until the attempt ends')
    .option('--raw', 'the bytes as the agent wrote them (default: its structured output rendered readably)')
    .action(async (id: string, o) => set(await (await import('./commands/logs.js')).logsCommand(io, id, o)));

  program.command('worker').description('run attempts for heads on a Redis server, in fresh worktrees of this clone')
    .requiredOption('--redis <url>', 'redis://[user:password@]host:port[/db] or rediss://…')
    .option('--concurrency <n>', 'attempts at once (default 4)', positiveInt).option('--name <name>', 'shown by `orch workers` and in the run (default host-pid)')
    .action(async (o) => set(await (await import('./commands/worker.js')).workerCommand(io, o)));

  program.command('workers').description('list the live workers on a Redis server, their slots and what they run')
    .requiredOption('--redis <url>', 'redis://… or rediss://…').option('--json', 'one JSON document')
    .action(async (o) => set(await (await import('./commands/workers.js')).workersCommand(io, o)));

  program.command('ui').description('serve a live dashboard of the run in the browser (until Ctrl-C)')
    .option('--port <n>', 'port (default: a free one; a taken port falls back to a free one)', port)
    .option('--host <host>', 'address to bind (default 127.0.0.1)').option('--open', 'open it in the browser')
    .action(async (o) => set(await (await import('./commands/ui.js')).uiCommand(io, o)));

  program.command('mcp').description('serve orch as an MCP server over stdio (for Claude Code, Codex and other MCP clients)')
    .action(async () => set(await (await import('./commands/mcp.js')).mcpCommand(io)));

  program.command('diff').description("print a card's change (from its worktree, branch or merge)")
    .argument('<id>').option('--stat', 'files changed and lines added/removed only')
    .action(async (id: string, o) => set(await (await import('./commands/diff.js')).diffCommand(io, id, o)));

  program.command('merge').description('bring the integration branch into the checked-out branch')
    .action(async () => set(await (await import('./commands/merge.js')).mergeCommand(io)));

  program.command('clean').description('remove every git worktree and branch orch made')
    .action(async () => set(await (await import('./commands/clean.js')).cleanCommand(io)));

  const skill = program.command('skill').description('the orch skill for Claude Code and Codex');
  skill.command('install').description('install the skill where Claude Code and/or Codex look for skills')
    .option('--claude', 'for Claude Code').option('--codex', 'for Codex')
    .option('--project', 'in this project (default)').option('--user', "in the user's home")
    .option('--dry-run', 'print what would be done')
    .option('--mcp', 'also register `orch mcp` as an MCP server (.mcp.json for Claude Code, ~/.codex/config.toml for Codex)')
    .action(async (o) => set((await import('./commands/skill.js')).skillInstallCommand(io, o)));

  program.command('completion').description('print a shell completion script (e.g. `source <(orch completion bash)`)')
    .argument('<shell>', 'bash, zsh or fish')
    .action(async (shell: string) => set((await import('./commands/completion.js')).completionCommand(io, program, shell)));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return code;
}
