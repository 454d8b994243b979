import { MarkSweeper } from './cleanup.js';
import type { Launcher } from './launcher.js';
import { startProcess } from './start-process.js';

const sweeper = new MarkSweeper();

/** Launch from this process (adapter tests, library use without a run); `orch run` uses the spawner. */
export const localLauncher: Launcher = {
  launch(spec, events) {
    let pid: number | undefined;
    startProcess(spec, {
      ...events,
      onSpawn(spawned) {
        pid = spawned;
        events.onSpawn(spawned);
      },
      onClose(captured) {
        events.onClose(captured);
        sweeper.ended(pid, spec.mark);
      },
    });
  },
  close: () => sweeper.flush(),
};
