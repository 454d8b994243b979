import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readEvents } from '../state/event-log.js';
import { currentView } from '../run/markdown-files.js';
import { cardDetail, logSlice } from './card-detail.js';
import { panelDiff } from './card-diff.js';
import { isControlRequest, sendControl as defaultSendControl, type SendControl } from './control.js';
import { hostAllowed, newToken, requestToken, tokenMatches } from './guard.js';
import { LiveState } from './live-state.js';
import { renderReportHtml } from './report-html.js';
import { serveStatic } from './static-files.js';

export interface UiOptions {
  root: string;
  host?: string;
  /** 0 picks a free port; a taken port falls back to a free one. */
  port?: number;
  token?: string;
  sendControl?: SendControl;
}

export interface UiServer {
  url: string;
  host: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: http.IncomingMessage, max = 64 * 1024): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > max) throw new Error('body too large');
  }
  return text;
}

/** Serve the dashboard of the project at `root` until `close()`. */
export async function startUiServer(options: UiOptions): Promise<UiServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const sendControl = options.sendControl ?? defaultSendControl;
  const state = new LiveState(options.root);
  state.start();
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, host, port)) return send(res, 403, { error: 'wrong Host header' });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
      // the page and its bundle: code, no project data; everything under /api/ needs the token
      return serveStatic(url.pathname, res, SECURITY_HEADERS) ? undefined : send(res, 404, { error: 'not found' });
    }
    if (!tokenMatches(requestToken(req.headers, url), token)) return send(res, 401, { error: 'missing or wrong token' });
    const route = `${req.method} ${url.pathname}`;
    const card = /^\/api\/cards\/([^/]+)(\/log|\/diff)?$/.exec(url.pathname);
    if (route === 'GET /api/state') return send(res, 200, state.snapshot());
    if (route === 'GET /api/stream') return stream(res);
    if (route === 'GET /api/report') return send(res, 200, await reportOf());
    if (req.method === 'GET' && card) {
      const id = decodeURIComponent(card[1]!);
      if (!card[2]) {
        const detail = cardDetail(state.project.layout, state.fold, id);
        return detail ? send(res, 200, detail) : send(res, 404, { error: `unknown card "${id}"` });
      }
      if (card[2] === '/diff') {
        // apart from the detail: git may take a while, and the panel shows the rest meanwhile
        const diff = state.fold.ranInWorktree(id) ? await panelDiff(options.root, id) : undefined;
        return send(res, 200, diff ? { diff } : {});
      }
      const attempt = Number(url.searchParams.get('attempt'));
      const from = url.searchParams.has('from') ? Number(url.searchParams.get('from')) : undefined;
      const slice = Number.isInteger(attempt) && attempt > 0 && state.fold.graph.cards.has(id) ? logSlice(state.project.layout, id, attempt, from) : undefined;
      return send(res, 200, slice ?? { text: '', from: 0, to: 0 });
    }
    if (route === 'POST /api/control') {
      if (!String(req.headers['content-type']).startsWith('application/json')) return send(res, 415, { error: 'expected application/json' });
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        return send(res, 400, { error: 'expected a JSON body' });
      }
      if (!isControlRequest(body)) return send(res, 400, { error: 'expected {"action": "cancel|retry|reset|approve|reject", "card": "<id>"}' });
      const result = await sendControl(options.root, { action: body.action, card: body.card });
      return send(res, result.ok ? 200 : 409, result);
    }
    if (url.pathname.startsWith('/api/')) return send(res, req.method === 'GET' || req.method === 'POST' ? 404 : 405, { error: 'not found' });
  }

  function stream(res: http.ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    streams.add(res);
    const unsubscribe = state.subscribe((m) => res.write(`data: ${JSON.stringify(m)}\n\n`));
    const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(beat);
      unsubscribe();
      streams.delete(res);
    });
  }

  async function reportOf(): Promise<unknown> {
    const { project } = state;
    const view = currentView(project.layout, readEvents(project.layout.events), project.graph, project.config, state.isRunning());
    return { html: await renderReportHtml(project.layout, view), attempts: view.attempts, asOf: view.asOf };
  }

  port = await listen(server, host, options.port ?? 0);
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/#token=${token}`, host, port, token,
    close: async () => {
      state.close();
      for (const res of streams) res.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Listen on `port`; if it is taken, on a free one. */
async function listen(server: http.Server, host: string, port: number): Promise<number> {
  const attempt = (p: number) => new Promise<number>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(p, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
  try {
    return await attempt(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    return attempt(0);
  }
}
