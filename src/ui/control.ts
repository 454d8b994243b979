import { sendControl as send } from '../control/send.js';
import type { ControlResult } from '../control/request.js';
import { CONTROL_ACTIONS, type ControlAction } from '../scheduler/types.js';

/** The page's controls, as src/control's `sendControl` takes them. */
export interface ControlRequest {
  action: ControlAction;
  card: string;
}

export type SendControl = (root: string, request: ControlRequest) => Promise<ControlResult>;

/** src/control's sendControl: to the live run, or to the state for the next run. */
export const sendControl: SendControl = (root, request) => send(root, request);

export function isControlRequest(value: unknown): value is ControlRequest {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.card === 'string' && (CONTROL_ACTIONS as readonly string[]).includes(v.action as string);
}
