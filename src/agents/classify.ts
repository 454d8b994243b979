import type { ErrorKind } from '../scheduler/status.js';
import { parseResetTime } from './reset-time.js';

/** What an agent's error means to the scheduler. */
export interface Classified {
  kind: ErrorKind;
  /** Epoch ms when a usage limit resets. */
  retryAt?: number;
}

/**
 * An HTTP status from a model API: 429 and overload (502/503/504/529) are rate limits, 401/403 auth,
 * 400/404/422 a bad model or argument (permanent), any other 5xx a retryable agent error.
 */
export function kindForStatus(status: number): ErrorKind | undefined {
  if (status === 429 || status === 502 || status === 503 || status === 504 || status === 529) return 'rate_limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 400 || status === 404 || status === 422) return 'bad_args';
  if (status >= 500 && status < 600) return 'agent_error';
  return undefined;
}

const USAGE_LIMIT = /usage limit|hit your [\w\s-]*limit|limit will reset|exhausted your [\w\s]*quota/i;
const RATE_LIMIT = /\b(429|529)\b|rate.?limit|too many requests|overload|high demand|high load|resource.?exhausted|capacity/i;
const AUTH = /\b(401|403)\b|unauthori[sz]ed|forbidden|invalid.{0,10}api.?key|api key not valid|not logged in|\/login|authenticat|missing environment variable|credit balance/i;
const BAD_ARGS = /unknown option|unexpected argument|unknown arguments?|invalid value|invalid values|argument missing|model.{0,80}(not found|does not exist|not exist|not available)|not_found_error|invalid_request/i;

/**
 * Read an error message: a usage limit that names its reset time, then rate limit/overload,
 * auth, bad arguments. A usage limit with no readable reset time counts as a rate limit.
 */
export function kindForText(text: string, now = Date.now()): Classified | undefined {
  if (USAGE_LIMIT.test(text)) {
    const retryAt = parseResetTime(text, now);
    return retryAt === undefined ? { kind: 'rate_limit' } : { kind: 'usage_limit', retryAt };
  }
  if (RATE_LIMIT.test(text)) return { kind: 'rate_limit' };
  if (AUTH.test(text)) return { kind: 'auth' };
  if (BAD_ARGS.test(text)) return { kind: 'bad_args' };
  return undefined;
}

/** One line for messages: whitespace collapsed, at most 300 characters. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
