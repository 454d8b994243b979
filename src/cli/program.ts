import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '../util/duration.js';
import type { Io } from './io.js';

const VERSION = '0.1.0';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return n;
}

function duration(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError(`expected a duration like 30s, 9m or 1h, got "${value}"`);
  return ms;
}

/** argv → command → exit code. Usage errors exit 2. Never calls process.exit. Commands load on use: start-up is part of every run's latency. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let code = 0;
  const set = (c: number) => { code = c; };
  const program = new Command('orch')
    .description('Run a DAG of markdown task cards on parallel AI coding agents.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .showHelpAfterError('(run `orch --help` for usage)');

  program.command('init').description('create .orchestrator/ from the template (never overwrites)')
    .option('--force', 'add missing template files to an existing folder (nothing is overwritten or deleted)')
    .action(async (o) => set((await import('./commands/init.js')).initCommand(io, o)));

  program.command('add').description('write a new card (body from --body or stdin)')
    .requiredOption('--id <id>', 'card id').option('--title <title>').option('--deps <ids>', 'comma-separated ids')
    .option('--agent <agent>').option('--body <text>', 'the task (default: stdin)')
    .action(async (o) => set(await (await import('./commands/add.js')).addCommand(io, o)));

  program.command('validate').description('check every card and the config; print the plan')
    .option('--concurrency <n>', 'for the makespan estimate', positiveInt)
    .action(async (o) => set((await import('./commands/validate.js')).validateCommand(io, o)));

  program.command('run').description('run until every card is done, failed or blocked (resumes)')
    .option('--concurrency <n>', 'agents running at once', positiveInt)
    .option('--only <ids...>', 'run these cards and what they need')
    .option('--dry-run', 'print what would run, in order; run nothing')
    .option('--fail-fast', 'start nothing new after the first failure')
    .option('--detach', 'run in the background; print the pid and return')
    .option('--json', 'print events as JSON lines')
    .addOption(new Option('--no-watch', 'do not pick up card changes during the run'))
    .action(async (o) => set(await (await import('./commands/run.js')).runCommand(io, o)));

  program.command('status').description('print the status table')
    .option('--json', 'one JSON document').option('--watch', 'follow changes until Ctrl-C')
    .action(async (o) => set(await (await import('./commands/status.js')).statusCommand(io, o)));

  program.command('wait').description('block until the active run ends (exit 3 if still running at --timeout)')
    .option('--timeout <duration>', 'e.g. 9m', duration)
    .action(async (o) => set(await (await import('./commands/wait.js')).waitCommand(io, { timeoutMs: o.timeout })));

  program.command('report').description('(re)write .orchestrator/report.md from the results')
    .action(async () => set(await (await import('./commands/report.js')).reportCommand(io)));

  program.command('reset').description('make cards run again; their dependents follow')
    .argument('[ids...]').option('--failed', 'every failed, blocked or cancelled card').option('--all', 'every card')
    .action(async (ids: string[], o) => set((await import('./commands/reset.js')).resetCommand(io, ids, o)));

  for (const [action, what] of [['approve', 'let a card waiting at its approval gate run'], ['reject', 'fail a card at its approval gate; only its dependents are blocked'], ['cancel', 'stop a running card; its dependents are blocked']] as const) {
    program.command(action).description(what).argument('<id>')
      .action(async (id: string) => set(await (await import('./commands/control.js')).controlCommand(io, action, id)));
  }

  program.command('logs').description("print an attempt's log")
    .argument('<id>').option('--attempt <n>', 'which attempt (default: the latest)', positiveInt).option('--follow', 'keep printing until the attempt ends')
    .action(async (id: string, o) => set(await (await import('./commands/logs.js')).logsCommand(io, id, o)));

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
    .action(async (o) => set((await import('./commands/skill.js')).skillInstallCommand(io, o)));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    throw error;
  }
  return code;
}
