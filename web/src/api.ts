import type { UiMessage } from './types.js';

/** The token from the URL fragment (`#token=…`): never sent to the server by the browser itself. */
export function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

export class Api {
  constructor(private readonly token: string) {}

  async get<T>(path: string): Promise<T> {
    const res = await fetch(path, { headers: { 'X-Orch-Token': this.token } });
    if (!res.ok) throw new Error(`${res.status} ${(await res.json().catch(() => ({ error: res.statusText }))).error}`);
    return (await res.json()) as T;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    const res = await fetch(path, { method: 'POST', headers: { 'X-Orch-Token': this.token, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as T;
  }

  /** The live stream; EventSource cannot send headers, so the token goes in the query. */
  stream(onMessage: (m: UiMessage) => void, onState: (connected: boolean) => void): EventSource {
    const source = new EventSource(`/api/stream?token=${encodeURIComponent(this.token)}`);
    source.onmessage = (e) => onMessage(JSON.parse(e.data as string) as UiMessage);
    source.onerror = () => onState(false);
    return source;
  }
}
