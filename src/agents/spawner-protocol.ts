import type { LaunchSpec } from './launcher.js';
import type { Captured } from './output-sink.js';

export type SpawnerRequest =
  | { id: number; type: 'launch'; spec: LaunchSpec }
  /** Signal the live process groups and marked processes of one run (a second Ctrl-C). */
  | { id: 0; type: 'kill'; prefix: string };

export type SpawnerReply =
  | { id: 0; type: 'ready' }
  | { id: number; type: 'spawn'; pid: number }
  | { id: number; type: 'error'; code: string }
  | { id: number; type: 'data' }
  | { id: number; type: 'exit'; code: number | null; signal: string | null }
  | { id: number; type: 'close'; captured: Captured };
