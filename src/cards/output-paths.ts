import path from 'node:path';

/** Why an `outputs` glob can never be the agent's work, or undefined when it can. Pure. */
export function outputProblem(glob: string): { message: string; hint: string } | undefined {
  if (path.posix.isAbsolute(glob) || path.win32.isAbsolute(glob) || /^~/.test(glob)) {
    return { message: 'is an absolute path', hint: 'write outputs relative to the project root, e.g. outputs: [reports/x.json]' };
  }
  const parts = path.posix.normalize(glob.replace(/\\/g, '/')).split('/');
  if (parts[0] === '..') {
    return { message: 'leaves the project', hint: 'outputs must be files inside the project' };
  }
  // Leading `**` or `.` segments match nothing by themselves: what follows decides.
  const first = parts.find((p) => p !== '**' && p !== '.' && p !== '');
  if (first === '.orchestrator') {
    return { message: "can only match orch's own files in .orchestrator/", hint: "name the files the agent writes in the project, outside .orchestrator/" };
  }
  return undefined;
}
