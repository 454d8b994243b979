import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** A fresh secret for one `orch ui`: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison (of digests, so the lengths never differ). */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** The token of a request: the `X-Orch-Token` header, or `?token=` (EventSource cannot set headers). */
export function requestToken(headers: Record<string, string | string[] | undefined>, url: URL): string | undefined {
  const header = headers['x-orch-token'];
  if (typeof header === 'string') return header;
  return url.searchParams.get('token') ?? undefined;
}

function splitHost(value: string): { name: string; port: string } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d+))?$/.exec(value.trim());
  if (!m) return undefined;
  return { name: m[1]!.replace(/^\[|\]$/g, '').toLowerCase(), port: m[2] ?? '80' };
}

/**
 * Whether a Host header names this server: the right port, and a name that cannot be rebound by DNS
 * (an IP literal, `localhost`) or is exactly the `--host` the server was bound to. A page on
 * evil.example whose name was re-pointed at 127.0.0.1 sends `Host: evil.example` and is refused.
 */
export function hostAllowed(hostHeader: string | undefined, boundHost: string, port: number): boolean {
  if (!hostHeader) return false;
  const host = splitHost(hostHeader);
  if (!host || host.port !== String(port)) return false;
  if (host.name === boundHost.toLowerCase().replace(/^\[|\]$/g, '')) return true;
  return host.name === 'localhost' || isIP(host.name) !== 0;
}
