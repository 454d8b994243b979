import { sendControl } from '../../control/send.js';
import type { ControlAction } from '../../scheduler/types.js';
import type { Io } from '../io.js';

const DONE: Record<ControlAction, string> = {
  approve: 'approved', reject: 'rejected', cancel: 'cancelled', retry: 'queued to run again', reset: 'reset',
};

/** `orch approve|reject|cancel <id>`: to the live run, or to the state for the next run. */
export async function controlCommand(io: Io, action: ControlAction, id: string): Promise<number> {
  const result = await sendControl(io.cwd, { action, card: id });
  if (!result.ok) {
    io.err.write(`error ${result.message}\n`);
    return 2;
  }
  const where = result.applied === 'run' ? 'the run took it' : 'no run is going: it applies to the next `orch run`';
  io.out.write(`${id}: ${DONE[action]} (${where})\n`);
  return 0;
}
