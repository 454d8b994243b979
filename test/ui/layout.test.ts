import { describe, expect, it } from 'vitest';
import { layoutDag, NODE_H, NODE_W } from '../../web/src/layout.js';
import { shapeKey } from '../../web/src/shape.js';
import { inViewport } from '../../web/src/use-viewport.js';

describe('the page layout', () => {
  it('places every card inside the drawing, and makes each edge an SVG path', () => {
    const cards = [{ id: 'a', deps: [] }, { id: 'b', deps: ['a'] }, { id: 'c', deps: ['a', 'gone'] }, { id: 'd', deps: ['b', 'c'] }];
    const laid = layoutDag(cards);
    expect([...laid.nodes.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    for (const at of laid.nodes.values()) {
      expect(at.x).toBeGreaterThanOrEqual(0);
      expect(at.x + NODE_W).toBeLessThanOrEqual(laid.width);
      expect(at.y + NODE_H).toBeLessThanOrEqual(laid.height);
    }
    // left to right: a dep before its dependent
    expect(laid.nodes.get('a')!.x).toBeLessThan(laid.nodes.get('b')!.x);
    expect(laid.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(['a>b', 'a>c', 'b>d', 'c>d']);
    for (const e of laid.edges) expect(e.d).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+$/);
  });

  it('keys a graph by ids and deps only', () => {
    expect(shapeKey([{ id: 'a', deps: [] }, { id: 'b', deps: ['a'] }])).toBe(shapeKey([{ id: 'a', deps: [] }, { id: 'b', deps: ['a'] }]));
    expect(shapeKey([{ id: 'a', deps: [] }, { id: 'b', deps: ['a'] }])).not.toBe(shapeKey([{ id: 'a', deps: [] }, { id: 'b', deps: [] }]));
  });

  it('tells the nodes on screen or near it from the rest', () => {
    const view = { x: 0, y: 1000, w: 1200, h: 800 };
    expect(inViewport(view, 100, 1200, NODE_W, NODE_H)).toBe(true);
    expect(inViewport(view, 100, 700, NODE_W, NODE_H)).toBe(true);
    expect(inViewport(view, 100, 3000, NODE_W, NODE_H)).toBe(false);
    expect(inViewport(view, 1700, 1200, NODE_W, NODE_H)).toBe(false);
  });
});
