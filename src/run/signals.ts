/**
 * Ctrl-C and SIGTERM during a run: the first stops the running agents gracefully, a second ends
 * this run's live processes at once. Returns a function that stops listening.
 */
export function onInterrupt(first: () => void, again: () => void): () => void {
  let count = 0;
  const handler = () => {
    count += 1;
    if (count === 1) first();
    else again();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
