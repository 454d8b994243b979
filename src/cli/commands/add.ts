import { addCard } from '../../project/add.js';
import { readStdin, reportError, type Io } from '../io.js';

export async function addCommand(io: Io, options: { id: string; title?: string; deps?: string; agent?: string; body?: string }): Promise<number> {
  try {
    const body = options.body ?? (await readStdin(io));
    const deps = (options.deps ?? '').split(/[\s,]+/).filter(Boolean);
    const file = addCard(io.cwd, { id: options.id, title: options.title, deps, agent: options.agent, body });
    io.out.write(`created ${file}\n`);
    return 0;
  } catch (error) {
    return reportError(io, error);
  }
}
