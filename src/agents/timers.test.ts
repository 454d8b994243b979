import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, setLongTimeout } from './timers.js';

describe('setLongTimeout', () => {
  afterEach(() => vi.useRealTimers());

  it('does not fire early for a delay beyond what a Node timer holds (1000 h)', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    setLongTimeout(fn, 1000 * 3600_000);
    vi.advanceTimersByTime(MAX_TIMER_MS + 1);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000 * 3600_000 - MAX_TIMER_MS);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('waits a year out in a handful of timer firings, not a busy loop', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    setLongTimeout(fn, 365 * 24 * 3600_000);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(30 * 24 * 3600_000);
    expect(vi.getTimerCount()).toBe(1);
    expect(fn).not.toHaveBeenCalled();
  });

  it('starts over from now on refresh (stall detection)', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const timer = setLongTimeout(fn, 1000);
    vi.advanceTimersByTime(800);
    timer.refresh();
    vi.advanceTimersByTime(800);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('never fires once cleared', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    setLongTimeout(fn, 10).clear();
    vi.advanceTimersByTime(100);
    expect(fn).not.toHaveBeenCalled();
  });
});
