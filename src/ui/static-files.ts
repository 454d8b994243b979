import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { packageRoot } from '../util/package-root.js';

/** The page's files, bundled by `npm run build:web` into dist/web/. Nothing else is served. */
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/layout.js': { file: 'layout.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

export function webDir(): string {
  return path.join(packageRoot(), 'dist', 'web');
}

/** Serve one of the page's files; false when the path is not one of them. */
export function serveStatic(pathname: string, res: http.ServerResponse, headers: Record<string, string>): boolean {
  const entry = FILES[pathname];
  if (!entry) return false;
  let body: Buffer;
  try {
    body = fs.readFileSync(path.join(webDir(), entry.file));
  } catch {
    res.writeHead(500, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('the page is not built: run `npm run build`\n');
    return true;
  }
  res.writeHead(200, { ...headers, 'Content-Type': entry.type });
  res.end(body);
  return true;
}
