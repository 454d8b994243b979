import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitProject } from '../git-helpers.js';
import { tempProject } from '../helpers.js';
import { CHROMIUM, launchBrowser, screenshot, startUi } from '../ui/browser.js';

describe.skipIf(!fs.existsSync(CHROMIUM))('the card panel of orch ui', () => {
  let browser: Browser;
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    await browser?.close();
  });

  it('shows the change a writing card made in its worktree, as text, and none for a card that wrote nothing', async () => {
    const p = gitProject();
    p.card('W', 'title: Writes a file\nwrite: true', 'Edit.\n@fake write notes/new.txt <img src=x onerror="window.__pwned=1"> made by W');
    p.card('R', 'title: Reads only\ndeps: [W]', 'Look.');
    const run = await p.orchAsync(['run']);
    expect(run.code, run.output).toBe(0);
    const ui = await startUi(p);
    cleanups.push(ui.stop);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(60_000);
    cleanups.push(() => page.close());
    await page.goto(ui.url);
    await page.locator('[data-card-id="W"][data-status="done"]').click();
    await page.waitForSelector('[data-panel="card"][data-card-id="W"] [data-diff]');
    const diff = (await page.locator('[data-diff]').textContent()) ?? '';
    expect(diff).toContain('notes/new.txt');
    expect(diff).toContain('+<img src=x onerror="window.__pwned=1"> made by W');
    // text, never markup: no element came out of the file's content
    expect(await page.locator('[data-diff] img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('[data-diff] .add').count()).toBeGreaterThan(0);
    await screenshot(page, 'card-diff');
    await page.locator('[data-card-id="R"]').first().click();
    await page.waitForSelector('[data-panel="card"][data-card-id="R"] dl.settings');
    expect(await page.locator('[data-panel="card"] [data-diff]').count()).toBe(0);
  }, 180_000);

  it('names the worker of an attempt that ran on one', async () => {
    const p = tempProject();
    p.card('A', 'title: Local');
    p.card('B', 'title: Remote');
    const run = await p.orchAsync(['run']);
    expect(run.code, run.output).toBe(0);
    // what a Redis backend's head records: the worker that took the job (no Redis in this test)
    const log = p.file('.orchestrator/events.jsonl');
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const spawned = lines.find((e) => e.type === 'spawned' && e.card === 'B');
    expect(spawned).toBeDefined();
    spawned!.worker = 'box-7';
    fs.writeFileSync(log, `${lines.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const ui = await startUi(p);
    cleanups.push(ui.stop);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(60_000);
    cleanups.push(() => page.close());
    await page.goto(ui.url);
    await page.locator('[data-card-id="B"][data-status="done"]').click();
    await page.waitForSelector('[data-panel="card"][data-card-id="B"] [data-attempt="1"] [data-worker]');
    expect(await page.locator('[data-attempt="1"] [data-worker]').textContent()).toBe('box-7');
    await page.locator('[data-card-id="A"]').first().click();
    await page.waitForFunction(() => document.querySelector('[data-panel="card"][data-card-id="A"] dl.settings')?.textContent?.includes('Local'));
    expect(await page.locator('[data-panel="card"] [data-worker]').count()).toBe(0);
  }, 120_000);
});
