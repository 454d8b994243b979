import { cardDiff } from '../../workspace/commands.js';
import { reportError, type Io } from '../io.js';

export async function diffCommand(io: Io, id: string, options: { stat?: boolean }): Promise<number> {
  try {
    io.out.write(await cardDiff(io.cwd, id, options.stat ?? false));
    return 0;
  } catch (error) {
    return reportError(io, error);
  }
}
