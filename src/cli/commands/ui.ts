import { spawn } from 'node:child_process';
import { loadProject } from '../../project/load.js';
import { startUiServer } from '../../ui/server.js';
import { printDiagnostics, type Io } from '../io.js';

export interface UiCommandOptions {
  port?: number;
  host?: string;
  open?: boolean;
}

/** Serve the dashboard until SIGINT/SIGTERM; one line tells where. */
export async function uiCommand(io: Io, options: UiCommandOptions): Promise<number> {
  const missing = loadProject(io.cwd).diagnostics.filter((d) => d.code === 'STATE_MISSING');
  if (missing.length) {
    printDiagnostics(io, missing);
    return 2;
  }
  let server;
  try {
    server = await startUiServer({ root: io.cwd, host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    io.err.write(`error cannot serve on ${options.host ?? '127.0.0.1'}:${options.port ?? 0}: ${(error as Error).message} — pick another --host or --port\n`);
    return 2;
  }
  io.out.write(`orch ui: ${server.url}\n`);
  if (options.open) openBrowser(server.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : 'xdg-open';
  try {
    const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no opener: the printed line is enough
  }
}
