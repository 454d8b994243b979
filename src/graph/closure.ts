/** Every id reachable from `roots` along `next` (roots included): what depends on, or is needed by, them. */
export function closure(roots: Iterable<string>, next: (id: string) => readonly string[] | undefined): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next(id) ?? []));
  }
  return seen;
}
