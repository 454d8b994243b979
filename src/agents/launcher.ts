import type { Captured, SinkSpec } from './output-sink.js';

/** What to start: a program (or a shell command line), where, with what extra env and stdin, and where its output goes. */
export interface LaunchSpec extends SinkSpec {
  file: string;
  args: string[];
  shell: boolean;
  cwd: string;
  /** Added to the environment of the process that launches it. */
  env: Record<string, string>;
  input: string;
  /** ORCH_ATTEMPT_MARK for the process and all its descendants (see mark.ts). */
  mark: string;
}

/** What a launched process does, as it happens. Exactly one of onSpawn / onError comes first. */
export interface LaunchEvents {
  onSpawn(pid: number): void;
  onError(code: string): void;
  /** It printed something (reported at most every few tens of ms): activity for stall detection. */
  onActivity(): void;
  onExit(code: number | null, signal: string | null): void;
  /** Output is complete (the pipes are closed, or given up on after the leader exited): what is left of it. */
  onClose(captured: Captured): void;
}

export interface Launcher {
  launch(spec: LaunchSpec, events: LaunchEvents): void;
  close(): void;
}

let local: Promise<Launcher> | undefined;

/**
 * Launch from this process, loading the launcher (execa) on first use: the runner itself never
 * starts a process (its spawner does), so it does not pay execa's load time.
 */
export const lazyLocalLauncher: Launcher = {
  launch(spec, events) {
    void (local ??= import('./local-launcher.js').then((m) => m.localLauncher)).then((launcher) => launcher.launch(spec, events));
  },
  close() {
    void local?.then((launcher) => launcher.close());
  },
};
