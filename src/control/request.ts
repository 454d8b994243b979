import { CONTROL_ACTIONS, type ControlAction } from '../scheduler/types.js';

/** A person's action on a card, as written to .orchestrator/control/ for the live run. */
export interface ControlRequest {
  action: ControlAction;
  card: string;
  t: number;
}

export type ControlResult = { ok: true; applied: 'run' | 'state' } | { ok: false; message: string };

/** A request file's text, or undefined when it is not one (a stray or hostile file is ignored). */
export function parseRequest(text: string): ControlRequest | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { action, card, t } = value as Record<string, unknown>;
    if (typeof action !== 'string' || !(CONTROL_ACTIONS as readonly string[]).includes(action)) return undefined;
    if (typeof card !== 'string' || typeof t !== 'number') return undefined;
    return { action: action as ControlAction, card, t };
  } catch {
    return undefined;
  }
}
