/** The page's controls, as src/control's `sendControl` takes them. */
export const CONTROL_ACTIONS = ['cancel', 'retry', 'reset', 'approve', 'reject'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

export interface ControlRequest {
  action: ControlAction;
  card: string;
}

export type ControlResult = { ok: true; applied: 'run' | 'state' } | { ok: false; message: string };

export type SendControl = (root: string, request: ControlRequest) => Promise<ControlResult>;

/** src/control's sendControl, loaded on first use (the server starts without it). */
export const sendControl: SendControl = async (root, request) => {
  const path = '../control/index.js';
  let mod: { sendControl?: SendControl };
  try {
    mod = (await import(path)) as { sendControl?: SendControl };
  } catch {
    return { ok: false, message: 'controls are not available in this build of orch' };
  }
  if (!mod.sendControl) return { ok: false, message: 'controls are not available in this build of orch' };
  return mod.sendControl(root, request);
};

export function isControlRequest(value: unknown): value is ControlRequest {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.card === 'string' && (CONTROL_ACTIONS as readonly string[]).includes(v.action as string);
}
