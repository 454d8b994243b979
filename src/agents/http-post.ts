/** One JSON POST with the same limits as an agent process: a timeout, a stall limit on the body, an abort signal. */
export interface HttpPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Longest silence allowed while the response body arrives. */
  stallMs: number;
  signal: AbortSignal;
}

export type HttpResult =
  | { status: number; body: string }
  | { stoppedFor: 'timeout' | 'stall' | 'abort' }
  | { networkError: string };

export async function httpPost(req: HttpPost): Promise<HttpResult> {
  const controller = new AbortController();
  let stoppedFor: 'timeout' | 'stall' | 'abort' | undefined;
  const stop = (why: 'timeout' | 'stall' | 'abort') => {
    stoppedFor ??= why;
    controller.abort();
  };
  const timeout = setTimeout(() => stop('timeout'), req.timeoutMs);
  let stall: NodeJS.Timeout | undefined;
  const onAbort = () => stop('abort');
  if (req.signal.aborted) onAbort();
  else req.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: controller.signal });
    const reader = res.body?.getReader();
    const decoder = new TextDecoder();
    let body = '';
    stall = setTimeout(() => stop('stall'), req.stallMs);
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
      clearTimeout(stall);
      stall = setTimeout(() => stop('stall'), req.stallMs);
      body += decoder.decode(chunk.value, { stream: true });
    }
    return { status: res.status, body: body + decoder.decode() };
  } catch (error) {
    if (stoppedFor) return { stoppedFor };
    return { networkError: describe(error) };
  } finally {
    clearTimeout(timeout);
    clearTimeout(stall);
    req.signal.removeEventListener('abort', onAbort);
  }
}

/** fetch hides the reason (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (!(cause instanceof Error)) return error.message;
  return `${error.message} (${'code' in cause && cause.code ? String(cause.code) : cause.message})`;
}
