import fs from 'node:fs';
import http from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exited, tempProject, until, type TempProject } from '../helpers.js';
import { CHROMIUM, launchBrowser, recordMetric, screenshot, startUi, type RunningUi } from '../ui/browser.js';

function request(port: number, pathname: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on('error', reject);
  });
}

/** Approval gates need the card field `approve` (parsed by the cards part): until then the gate test waits. */

const statusOf = (page: Page, id: string) => page.locator(`[data-card-id="${id}"]`).first().getAttribute('data-status');

describe.skipIf(!fs.existsSync(CHROMIUM))('orch ui in Chromium', () => {
  let browser: Browser;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    await browser?.close();
  });

  async function open(p: TempProject): Promise<{ ui: RunningUi; page: Page }> {
    const ui = await startUi(p);
    cleanups.push(ui.stop);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // generous waits: the whole suite shares two cores with this browser
    page.setDefaultTimeout(60_000);
    cleanups.push(() => page.close());
    await page.goto(ui.url);
    return { ui, page };
  }

  it('shows every card of a run in progress, changes statuses live, and follows a running card\'s log', async () => {
    const p = tempProject();
    p.card('A', 'title: First step', '@fake sleep 1200\nDo A.');
    p.card('B', 'deps: [A]\ntitle: Second step', 'Do B.');
    p.card('C', 'title: Independent', 'Do C.');
    p.card('L', 'title: Prints lines\ncommand: "for i in 1 2 3 4 5 6 7 8; do echo line-$i; sleep 0.6; done"', 'Count.');
    p.card('Z', 'deps: [B, C, L]\ntitle: Summary', 'Sum up.');
    const { page } = await open(p);
    await page.waitForSelector('[data-card-id="Z"]');
    expect(await page.locator('[data-card-id]').count()).toBe(5);
    expect(await statusOf(page, 'A')).toBe('pending');
    // record when the page sees A done, to compare with the event's own time
    await page.evaluate(() => {
      const w = window as unknown as { seenDoneAt?: number };
      new MutationObserver(() => {
        if (w.seenDoneAt === undefined && document.querySelector('[data-card-id="A"]')?.getAttribute('data-status') === 'done') w.seenDoneAt = Date.now();
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-status'] });
    });
    const run = p.start(['run']);
    await page.waitForSelector('[data-card-id="A"][data-status="running"]', { timeout: 60_000 });
    await page.locator('[data-card-id="L"]').click();
    await page.waitForSelector('[data-panel="card"][data-card-id="L"]');
    await page.waitForFunction(() => document.querySelector('[data-log]')?.textContent?.includes('line-2'), undefined, { timeout: 60_000 });
    const early = await page.locator('[data-log]').textContent();
    expect(early).not.toContain('line-8');
    await screenshot(page, 'run-in-progress');
    await page.waitForFunction(() => document.querySelector('[data-log]')?.textContent?.includes('line-8'), undefined, { timeout: 60_000 });
    await page.waitForSelector('[data-card-id="Z"][data-status="done"]', { timeout: 60_000 });
    expect(await exited(run)).toBe(0);
    const doneAt = p.events().find((e) => e.type === 'card' && e.card === 'A' && e.to === 'done')!.t as number;
    const seenAt = await page.evaluate(() => (window as unknown as { seenDoneAt?: number }).seenDoneAt);
    expect(seenAt).toBeDefined();
    recordMetric('sseLatencyMs', seenAt! - doneAt);
    for (const id of ['A', 'B', 'C', 'L', 'Z']) expect(await statusOf(page, id)).toBe('done');
    await screenshot(page, 'run-done');
    await page.locator('[data-tab="report"]').click();
    await page.waitForSelector('[data-panel="report"] [data-diagram="timeline"]');
    expect(await page.locator('[data-panel="report"]').textContent()).toContain('Summary');
    await screenshot(page, 'report');
  }, 180_000);

  it('refuses a request without the token, with a wrong token, or with a wrong Host header', async () => {
    const p = tempProject();
    p.card('A', '');
    const ui = await startUi(p);
    cleanups.push(ui.stop);
    const good = { 'X-Orch-Token': ui.token };
    expect(await request(ui.port, '/api/state', good)).toBe(200);
    expect(await request(ui.port, '/api/state')).toBe(401);
    expect(await request(ui.port, '/api/stream')).toBe(401);
    expect(await request(ui.port, '/api/cards/A')).toBe(401);
    expect(await request(ui.port, '/api/state', { 'X-Orch-Token': `${ui.token}x` })).toBe(401);
    expect(await request(ui.port, `/api/stream?token=${ui.token.slice(0, -1)}`)).toBe(401);
    expect(await request(ui.port, '/api/state', { ...good, Host: `rebound.example:${ui.port}` })).toBe(403);
    expect(await request(ui.port, '/', { Host: `rebound.example:${ui.port}` })).toBe(403);
    expect(await request(ui.port, '/api/state', { ...good, Host: '127.0.0.1:1' })).toBe(403);
    // controls are POSTs only, and no CORS header invites another origin
    expect(await request(ui.port, '/api/control', good)).toBe(404);
    const headers = await new Promise<http.IncomingHttpHeaders>((resolve) => http.get({ host: '127.0.0.1', port: ui.port, path: '/api/state', headers: { ...good, Origin: 'http://evil.example' } }, (res) => { res.resume(); resolve(res.headers); }));
    expect(Object.keys(headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('runs no script from a result', async () => {
    const p = tempProject();
    // raw HTML runs to the next blank line in markdown: the plain text comes first
    const evil = ['# Findings', 'All **fine**.', '[click](javascript:window.__pwned=\'link\')',
      '<script>window.__pwned = "script"</script>', '<img src="x" onerror="window.__pwned = \'img\'">', '<a href="#" onclick="window.__pwned=\'click\'">x</a>'];
    p.card('X', 'title: Evil result', `${evil.map((l) => `@fake output ${l}`).join('\n')}\nReport.`);
    expect((await p.orchAsync(['run'])).code).toBe(0);
    const { page } = await open(p);
    await page.locator('[data-card-id="X"][data-status="done"]').click();
    await page.waitForSelector('[data-result] strong');
    expect(await page.locator('[data-result]').textContent()).toContain('All fine.');
    await page.locator('[data-result] a').first().click().catch(() => {});
    expect(await page.locator('[data-result] script, [data-result] [onerror], [data-result] [onclick]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    await page.locator('[data-tab="report"]').click();
    // a command agent's result is shown as text in the report: wait for its section
    await page.waitForFunction(() => document.querySelector('[data-panel="report"]')?.textContent?.includes('X · Evil result'));
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    await screenshot(page, 'sanitised-result');
  }, 180_000);

  it('draws 1,000 cards', async () => {
    // the shape of a big orch run: ten stages of a hundred cards, each on one or two of the stage before
    const p = tempProject();
    const id = (i: number) => `C${String(i).padStart(4, '0')}`;
    for (let i = 0; i < 1000; i++) {
      const deps = i < 100 ? [] : [...new Set([i - 100, i - 100 - (i % 100) + ((i * 7) % 100)])];
      p.card(id(i), `title: Card number ${i}\ndeps: [${deps.map(id).join(', ')}]`);
    }
    const ui = await startUi(p);
    cleanups.push(ui.stop);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    cleanups.push(() => page.close());
    await page.goto(ui.url);
    await page.waitForFunction(() => document.querySelectorAll('[data-card-id]').length === 1000, undefined, { timeout: 100_000 });
    const ms = await page.evaluate(() => performance.now());
    const layoutMs = await page.evaluate(() => (window as unknown as { orchLayoutMs?: number }).orchLayoutMs ?? -1);
    recordMetric('render1000Ms', ms);
    recordMetric('layout1000Ms', layoutMs);
    recordMetric('snapshot1000ArrivedMs', await page.evaluate(() => (window as unknown as { orchSnapshotAt?: number }).orchSnapshotAt ?? -1));
    // responsive with 1,000 nodes: a click on one opens its panel (timed in the page)
    const clickMs = await page.evaluate(() => new Promise<number>((resolve) => {
      const started = performance.now();
      const seen = new MutationObserver(() => {
        if (!document.querySelector('[data-panel="card"][data-card-id="C0500"]')) return;
        seen.disconnect();
        resolve(performance.now() - started);
      });
      seen.observe(document.body, { subtree: true, childList: true });
      document.querySelector('.dag [data-card-id="C0500"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    }));
    recordMetric('click1000PanelMs', clickMs);
    await page.waitForSelector('[data-panel="card"][data-card-id="C0500"] dl.settings');
    await screenshot(page, 'thousand-cards');
    // text is drawn only near the screen: the farthest node gets its text once scrolled to
    const far = await page.evaluate(() => {
      const nodes = [...document.querySelectorAll('.dag [data-card-id]')];
      const y = (n: Element) => Number(/,\s*([\d.]+)\)/.exec(n.getAttribute('transform') ?? '')?.[1] ?? 0);
      const last = nodes.reduce((a, b) => (y(b) > y(a) ? b : a));
      return last.getAttribute('data-card-id')!;
    });
    expect(await page.locator(`.dag [data-card-id="${far}"] text`).count()).toBe(0);
    await page.locator(`.dag [data-card-id="${far}"]`).scrollIntoViewIfNeeded();
    await page.waitForSelector(`.dag [data-card-id="${far}"] text.title`);
  }, 150_000);

  it('an approve: true card waits for Approve while a sibling branch finishes', async () => {
    const p = tempProject();
    p.card('G', 'title: Gate\napprove: true', 'Ship it.');
    p.card('D', 'deps: [G]\ntitle: After the gate', 'Then this.');
    p.card('S', 'title: Sibling', '@fake sleep 300\nMeanwhile.');
    const { page } = await open(p);
    const run = p.start(['run']);
    await page.waitForSelector('[data-card-id="G"][data-status="awaiting-approval"]', { timeout: 60_000 });
    await page.waitForSelector('[data-card-id="S"][data-status="done"]', { timeout: 60_000 });
    expect(await statusOf(page, 'G')).toBe('awaiting-approval');
    expect(await statusOf(page, 'D')).not.toBe('done');
    await page.locator('[data-card-id="G"]').click();
    await screenshot(page, 'awaiting-approval');
    await page.locator('[data-panel="card"] [data-action="approve"]').click();
    await page.waitForSelector('[data-card-id="D"][data-status="done"]', { timeout: 60_000 });
    expect(await exited(run)).toBe(0);
    await until('G done in the log', () => p.events().some((e) => e.type === 'card' && e.card === 'G' && e.to === 'done'));
  }, 180_000);
});
