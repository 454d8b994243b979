import { cleanWorkspaces } from '../../workspace/commands.js';
import { reportError, type Io } from '../io.js';

export async function cleanCommand(io: Io): Promise<number> {
  try {
    io.out.write(await cleanWorkspaces(io.cwd));
    return 0;
  } catch (error) {
    return reportError(io, error);
  }
}
