import type { LaunchSpec } from './launcher.js';

export interface SpawnerRequest {
  id: number;
  spec: LaunchSpec;
}

export type SpawnerReply =
  | { id: 0; type: 'ready' }
  | { id: number; type: 'spawn'; pid: number }
  | { id: number; type: 'error'; code: string }
  | { id: number; type: 'data'; stream: 'stdout' | 'stderr'; chunk: string }
  | { id: number; type: 'exit'; code: number | null; signal: string | null }
  | { id: number; type: 'close' };
