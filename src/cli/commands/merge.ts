import { mergeIntegration } from '../../workspace/commands.js';
import { reportError, type Io } from '../io.js';

export async function mergeCommand(io: Io): Promise<number> {
  try {
    io.out.write(await mergeIntegration(io.cwd));
    return 0;
  } catch (error) {
    return reportError(io, error);
  }
}
