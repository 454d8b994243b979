import fs from 'node:fs';

/** The pids of this process in each PID namespace it belongs to, outermost first (`NSpid:` of /proc/self/status). */
export function parseNsPid(status: string): number[] {
  const line = /^NSpid:\s*(.*)$/m.exec(status);
  return line ? line[1]!.trim().split(/\s+/).filter(Boolean).map(Number).filter(Number.isInteger) : [];
}

export interface ShellFacts {
  /** /proc/self/status, or '' where there is no /proc. */
  status: string;
  pid: number;
  /** /proc/1/comm, trimmed: the init of this PID namespace. */
  initComm: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Why a detached runner would not outlive the shell call that starts it, or undefined when it would.
 * Codex runs each shell call in a fresh PID namespace (bubblewrap): when the call ends, its init
 * exits and the kernel kills every process in it, detached or not.
 */
export function shortLivedShell(facts: ShellFacts): string | undefined {
  if (facts.env.CODEX_SANDBOX || facts.env.CODEX_SANDBOX_NETWORK_DISABLED) return "this shell runs in Codex's sandbox";
  const nspid = parseNsPid(facts.status);
  if (nspid.length > 1) return `this shell runs in a PID namespace of its own (NSpid ${nspid.join(' ')})`;
  if (facts.pid === 1) return 'orch runs as pid 1 of its PID namespace';
  if (facts.initComm === 'bwrap') return 'this shell runs in a bubblewrap sandbox';
  return undefined;
}

export function shellFacts(env: NodeJS.ProcessEnv): ShellFacts {
  const read = (file: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  return { status: read('/proc/self/status'), pid: process.pid, initComm: read('/proc/1/comm').trim(), env };
}
