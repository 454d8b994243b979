import { useEffect, useRef, useState } from 'preact/hooks';

/** The part of a scrolled element's content on screen, in its content's coordinates. */
export interface Viewport {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Whether a box is on screen or within `margin` of it. */
export function inViewport(v: Viewport, x: number, y: number, w: number, h: number, margin = 400): boolean {
  return x + w >= v.x - margin && x <= v.x + v.w + margin && y + h >= v.y - margin && y <= v.y + v.h + margin;
}

/** Follows an element's scroll position and size, at most once a frame. */
export function useViewport<T extends HTMLElement>(): [{ current: T | null }, Viewport] {
  const ref = useRef<T>(null);
  const [view, setView] = useState<Viewport>({ x: 0, y: 0, w: window.innerWidth, h: window.innerHeight });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      setView({ x: el.scrollLeft, y: el.scrollTop, w: el.clientWidth, h: el.clientHeight });
    };
    const schedule = () => { if (!frame) frame = requestAnimationFrame(measure); };
    el.addEventListener('scroll', schedule, { passive: true });
    const resized = new ResizeObserver(schedule);
    resized.observe(el);
    return () => { el.removeEventListener('scroll', schedule); resized.disconnect(); cancelAnimationFrame(frame); };
  }, []);
  return [ref, view];
}
