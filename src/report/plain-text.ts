import { STATUS_EMOJI } from '../scheduler/status.js';

const MARKS = new RegExp(`(?:${Object.values(STATUS_EMOJI).join('|')}) ?`, 'gu');

/** The same text without the status emoji: for `--no-emoji`, NO_COLOR and CI logs. */
export function withoutEmoji(text: string): string {
  return text.replace(MARKS, '');
}
