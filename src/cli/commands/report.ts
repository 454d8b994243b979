import { hasErrors } from '../../errors.js';
import { readView } from '../../project/view.js';
import { writeReport } from '../../run/markdown-files.js';
import { rel } from '../../state/layout.js';
import { printDiagnostics, type Io } from '../io.js';

export async function reportCommand(io: Io): Promise<number> {
  const { project, view } = readView(io.cwd);
  if (hasErrors(project.diagnostics)) {
    printDiagnostics(io, project.diagnostics.filter((d) => d.severity === 'error'));
    if (project.diagnostics.some((d) => d.code === 'STATE_MISSING')) return 2;
  }
  if (await writeReport(project.layout, view)) return 2; // the IO error is already told, in one line
  io.out.write(`wrote ${rel(project.layout, project.layout.report)}\n`);
  return 0;
}
