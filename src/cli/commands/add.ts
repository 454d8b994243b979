import { addCard } from '../../project/add.js';
import { printDiagnostics, readStdin, reportError, type Io } from '../io.js';

export async function addCommand(io: Io, options: { id: string; body?: string } & Record<string, unknown>): Promise<number> {
  try {
    const { id, body: given, ...fields } = options;
    const body = given ?? (await readStdin(io));
    const added = addCard(io.cwd, { id, body, fields });
    printDiagnostics(io, added.diagnostics);
    if (!added.file) {
      io.err.write('nothing written: fix the flags above, then run `orch add` again\n');
      return 2;
    }
    io.out.write(`created ${added.file}\n`);
    return 0;
  } catch (error) {
    return reportError(io, error);
  }
}
