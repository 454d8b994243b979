// The layout off the page's main thread: dagre takes most of a second for 1,000 cards, and the page
// stays responsive meanwhile. Bundled on its own (dist/web/layout.js); the page never imports dagre.
import { layoutDag, type Laid } from './layout.js';
import type { Shape } from './shape.js';

export interface LayoutRequest {
  key: string;
  cards: Shape[];
}

export type LayoutAnswer = { key: string; laid: Laid; ms: number } | { key: string; error: string };

const scope = self as unknown as { onmessage: (e: MessageEvent<LayoutRequest>) => void; postMessage(answer: LayoutAnswer): void };

scope.onmessage = (e) => {
  const started = performance.now();
  try {
    const laid = layoutDag(e.data.cards);
    scope.postMessage({ key: e.data.key, laid, ms: performance.now() - started });
  } catch (error) {
    scope.postMessage({ key: e.data.key, error: `the layout failed: ${(error as Error).message}` });
  }
};
