// The layout off the page's main thread: dagre takes most of a second for 1,000 cards, and the page
// stays responsive meanwhile. Bundled on its own (dist/web/layout.js); the page never imports dagre.
import { layoutDag, type Laid } from './layout.js';
import type { Shape } from './shape.js';

export interface LayoutRequest {
  key: string;
  cards: Shape[];
}

export interface LayoutAnswer {
  key: string;
  laid: Laid;
  ms: number;
}

const scope = self as unknown as { onmessage: (e: MessageEvent<LayoutRequest>) => void; postMessage(answer: LayoutAnswer): void };

scope.onmessage = (e) => {
  const started = performance.now();
  const laid = layoutDag(e.data.cards);
  scope.postMessage({ key: e.data.key, laid, ms: performance.now() - started });
};
