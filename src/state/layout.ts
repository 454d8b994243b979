import path from 'node:path';

/** Where everything lives under .orchestrator/. Paths are absolute; `rel` makes them printable. */
export interface Layout {
  root: string;
  dir: string;
  config: string;
  tasks: string;
  results: string;
  previous: string;
  logs: string;
  events: string;
  status: string;
  report: string;
  lock: string;
  runnerLog: string;
  prompts: string;
  /** Scratch files of running attempts; emptied at the start of every run. */
  tmp: string;
  /** Requests to the live run (`orch approve`, `orch ui`): one file each, taken by the runner. */
  control: string;
}

export const ORCH_DIR = '.orchestrator';

export function layoutOf(root: string): Layout {
  const dir = path.resolve(root, ORCH_DIR);
  return {
    root: path.resolve(root),
    dir,
    config: path.join(dir, 'orchestrator.yaml'),
    tasks: path.join(dir, 'tasks'),
    results: path.join(dir, 'results'),
    previous: path.join(dir, 'results', '.previous'),
    logs: path.join(dir, 'logs'),
    events: path.join(dir, 'events.jsonl'),
    status: path.join(dir, 'status.md'),
    report: path.join(dir, 'report.md'),
    lock: path.join(dir, 'run.lock'),
    runnerLog: path.join(dir, 'logs', 'runner.log'),
    prompts: path.join(dir, 'logs', 'prompts'),
    tmp: path.join(dir, 'tmp'),
    control: path.join(dir, 'control'),
  };
}

/** A path as the user sees it: relative to the project root. */
export function rel(layout: Layout, file: string): string {
  return path.relative(layout.root, file) || '.';
}

export function resultPath(layout: Layout, id: string): string {
  return path.join(layout.results, `${id}.md`);
}

export function logPath(layout: Layout, id: string, attempt: number): string {
  return path.join(layout.logs, `${id}.${attempt}.log`);
}
