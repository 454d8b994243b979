import type { Card } from '../cards/card.js';
import type { Config } from '../config/config.js';
import type { Layout } from '../state/layout.js';
import type { Executor, ExecutorEvents } from './executor.js';
import { LocalExecutor } from './local-executor.js';

export interface CreateExecutorOptions {
  cards: Card[];
  notice: (message: string) => void;
}

/**
 * The executor for a run. The worktree workspace (and git, and execa in this process) is loaded
 * only when a card may use a worktree: one that asks for it, or one that may write while the
 * default is not `project`; everything else runs on the plain LocalExecutor.
 */
export async function createExecutor(layout: Layout, config: Config, events: ExecutorEvents, options: CreateExecutorOptions): Promise<Executor> {
  const mayUseWorktree = options.cards.some((card) => {
    const workspace = card.workspace ?? config.defaults.workspace;
    return workspace === 'worktree' || (workspace === 'auto' && card.write);
  });
  if (!mayUseWorktree) return new LocalExecutor(layout, config, events);
  const { createWorktreeExecutor } = await import('./worktree-executor.js');
  return createWorktreeExecutor(layout, config, events, options);
}
