/** How a call to Redis went when the caller could not wait for ever: its value, its error, or no answer in time. */
export type Answer<T> = { ok: true; value: T } | { ok: false; error?: unknown };

/**
 * `work`'s outcome if it settles within `ms`, else `{ ok: false }` (it goes on, unheard). With
 * `maxRetriesPerRequest: null` a command to a Redis that is gone waits for it for ever: whatever
 * must end (a stop, a close) asks through this.
 */
export function within<T>(ms: number, work: Promise<T>): Promise<Answer<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false }), ms);
    work.then(
      (value) => { clearTimeout(timer); resolve({ ok: true, value }); },
      (error: unknown) => { clearTimeout(timer); resolve({ ok: false, error }); },
    );
  });
}
