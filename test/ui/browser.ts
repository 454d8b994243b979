import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO, type TempProject } from '../helpers.js';

export const CHROMIUM = process.env.ORCH_CHROMIUM ?? '/usr/bin/chromium';
export const OUTPUT = path.join(REPO, 'test-output', 'ui');

/**
 * Debian's Chromium, headless, without background traffic (the network is closed). Playwright's
 * launch() starts it with a fresh temporary user-data dir of its own, removed at close.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface RunningUi {
  url: string;
  origin: string;
  port: number;
  token: string;
  stop: () => Promise<void>;
}

/** `orch ui` as a process in the project; resolves once it printed its one line. */
export async function startUi(p: TempProject, args: string[] = []): Promise<RunningUi> {
  const child = p.start(['ui', ...args]);
  const deadline = Date.now() + 20_000;
  let match: RegExpExecArray | null = null;
  while (!(match = /orch ui: (http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+))/.exec(child.output()))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`orch ui did not start: ${child.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const [, url, port, token] = match;
  return {
    url: url!, port: Number(port), token: token!, origin: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await done;
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, `${name}.png`), fullPage: false });
}

/** Figures a test measured, for the report (not asserted). */
export function recordMetric(name: string, value: number): void {
  fs.mkdirSync(OUTPUT, { recursive: true });
  const file = path.join(OUTPUT, 'metrics.json');
  const all = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>) : {};
  all[name] = Math.round(value);
  fs.writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}
