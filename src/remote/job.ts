import type { Config } from '../config/config.js';
import type { AttemptOutcome } from '../scheduler/status.js';
import type { AttemptSpec } from '../run/executor.js';
import { hashText } from '../util/hash.js';

/** Everything a worker needs to run one attempt; the head's `.orchestrator/` stays on the head. */
export interface AttemptJob extends AttemptSpec {
  /** The head's config the attempt runs under (timeouts, stall, log size), with this agent alone. */
  config: Config;
  /** The commit to start from, and where a worker fetches it if its clone lacks it; none for a folder that is no git repository. */
  commit?: string;
  remote?: string;
  /** The project's folder inside the repository ('' or none: its top): where the agent works, and whose `.orchestrator/` is never committed. */
  prefix?: string;
  /** The attempt's inputs (card, agent, dep results) hashed: a new head adopts a dead head's job only for the same inputs. */
  inputs: string;
}

/** What a worker sends back. The head writes the result and the log into its own `.orchestrator/`. */
export interface AttemptReport {
  outcome: AttemptOutcome;
  /** The whole result, on success. */
  result?: string;
  /** The attempt's log, whole or its last `LOG_CAP` bytes, and where the whole log is on the worker. */
  log: string;
  logCut: boolean;
  logFile: string;
  worker: string;
  host: string;
  /** A writing card's changes: the branch on the remote they were pushed to, and the commit (the head merges it). */
  branch?: string;
  commit?: string;
}

/** Sent as the job's progress when the agent's process starts. */
export interface AttemptProgress {
  worker: string;
  host: string;
  pid: number;
}

export const LOG_CAP = 1024 * 1024;

/** `<run>.<card>.<attempt>`: BullMQ refuses ':' in a custom id, and a re-add of the same id is a no-op. */
export function jobId(run: string, card: string, attempt: number): string {
  return `${run}.${card}.${attempt}`;
}

/** The key a head sets to ask the worker running a job to stop it. */
export function stopKey(id: string): string {
  return `orch:stop:${id}`;
}

export function inputsOf(spec: AttemptSpec): string {
  const { card } = spec;
  return hashText(JSON.stringify([card.hash, card.body, spec.agentName, spec.agent.hash, spec.deps.map((d) => [d.id, d.text]), spec.failure ?? null, spec.depsEnded ?? null]));
}

/** Where a job's worktree comes from: the commit, the remote to fetch it from and push to, the project's folder in it. */
export interface JobSource {
  commit?: string | undefined;
  remote?: string | undefined;
  prefix?: string | undefined;
}

export function jobOf(spec: AttemptSpec, config: Config, { commit, remote, prefix }: JobSource): AttemptJob {
  const job: AttemptJob = {
    run: spec.run, card: spec.card, attempt: spec.attempt, agentName: spec.agentName, agent: spec.agent, deps: spec.deps,
    config: { ...config, agents: { [spec.agentName]: spec.agent } }, inputs: inputsOf(spec),
  };
  if (spec.failure) job.failure = spec.failure;
  if (spec.depsEnded) job.depsEnded = spec.depsEnded;
  if (commit) job.commit = commit;
  if (remote) job.remote = remote;
  if (prefix) job.prefix = prefix;
  return job;
}
