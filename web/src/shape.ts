/** What the layout depends on: ids and deps, never statuses. */
export interface Shape {
  id: string;
  deps: string[];
}

/** The graph's shape as a key: the same ids and deps, the same layout. */
export function shapeKey(cards: Iterable<Shape>): string {
  let key = '';
  for (const c of cards) key += `${c.id}<${c.deps.join(',')};`;
  return key;
}
