import { Component } from 'preact';
import { NODE_H, NODE_W, type Laid, type LaidEdge } from './layout.js';
import { elapsedMs, formatMs, type PageState } from './state.js';
import type { CardView } from './types.js';
import { inViewport, type Viewport } from './use-viewport.js';

interface NodeProps {
  card: CardView;
  x: number;
  y: number;
  critical: boolean;
  selected: boolean;
  elapsed: string;
  /** On screen or near it: the node's text is drawn. Off screen, the node is its box alone. */
  detailed: boolean;
  onSelect: (id: string) => void;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * One card; re-rendered only when its own view, selection, elapsed time or nearness to the screen
 * changed. Every card has its element (data-card-id, data-status); text, the costly part to lay out
 * and paint, only the cards on screen or near it.
 */
class DagNode extends Component<NodeProps> {
  override shouldComponentUpdate(next: NodeProps): boolean {
    const p = this.props;
    return next.card !== p.card || next.selected !== p.selected || next.critical !== p.critical || next.elapsed !== p.elapsed || next.x !== p.x || next.y !== p.y || next.detailed !== p.detailed;
  }

  override render({ card, x, y, critical, selected, elapsed, detailed, onSelect }: NodeProps) {
    const attempt = card.attempts > 0 ? ` · #${card.attempts}` : '';
    return (
      <g
        class={`node s-${card.status}${critical ? ' critical' : ''}${selected ? ' selected' : ''}`}
        data-card-id={card.id} data-status={card.status} transform={`translate(${x},${y})`}
        onClick={() => onSelect(card.id)} role="button" tabIndex={0} aria-label={`${card.id}: ${card.status}`}
        onKeyDown={(e) => { if (e.key === 'Enter') onSelect(card.id); }}
      >
        <rect width={NODE_W} height={NODE_H} rx={6} />
        {detailed && <>
          <title>{`${card.id} · ${card.title} — ${card.status}${card.lastError ? `: ${card.lastError.message}` : ''}`}</title>
          <text x={8} y={17} class="id">{clip(card.id, 24)}<tspan class="st">{` ${card.status}`}</tspan></text>
          <text x={8} y={34} class="title">{clip(card.title, 28)}</text>
          <text x={8} y={50} class="meta">{`${clip(card.agent, 14)}${attempt}${elapsed ? ` · ${elapsed}` : ''}`}</text>
        </>}
      </g>
    );
  }
}

/** One edge; its path comes made from the layout, and it re-renders only when its classes change. */
class DagEdge extends Component<{ edge: LaidEdge; cls: string }> {
  override shouldComponentUpdate(next: { edge: LaidEdge; cls: string }): boolean {
    return next.edge !== this.props.edge || next.cls !== this.props.cls;
  }

  override render({ edge, cls }: { edge: LaidEdge; cls: string }) {
    return <path d={edge.d} class={cls} marker-end="url(#arrow)" />;
  }
}

const LIVE = new Set(['running', 'retrying']);

export function Dag(props: { state: PageState; laid: Laid; view: Viewport; selected?: string; serverNow: number; onSelect: (id: string) => void }) {
  const { state, laid, view, selected, serverNow, onSelect } = props;
  return (
    <svg class="dag" width={laid.width} height={laid.height} viewBox={`0 0 ${laid.width} ${laid.height}`} data-cards={state.order.length}>
      <defs>
        <marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L8,4L0,8z" /></marker>
      </defs>
      <g class="edges">
        {laid.edges.map((e) => {
          const from = state.cards.get(e.from);
          const critical = state.critical.has(e.from) && state.critical.has(e.to);
          return <DagEdge key={`${e.from}>${e.to}`} edge={e} cls={`edge${critical ? ' critical' : ''}${from?.status === 'done' ? ' carries' : ''}`} />;
        })}
      </g>
      <g class="nodes">
        {state.order.map((id) => {
          const card = state.cards.get(id)!;
          const at = laid.nodes.get(id);
          if (!at) return null;
          const detailed = inViewport(view, at.x, at.y, NODE_W, NODE_H);
          const elapsed = detailed ? formatMs(elapsedMs(card, LIVE.has(card.status) ? serverNow : card.endedAt ?? serverNow)) : '';
          return <DagNode key={id} card={card} x={at.x} y={at.y} critical={state.critical.has(id)} selected={selected === id} elapsed={elapsed} detailed={detailed} onSelect={onSelect} />;
        })}
      </g>
    </svg>
  );
}
