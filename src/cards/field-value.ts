import { durationProblem } from '../util/duration.js';
import { ID_PATTERN } from './card.js';
import type { FieldSpec } from './fields.js';

/** One front-matter value read by its field's type: the value, or what is wrong and how to fix it. */
export type FieldRead = { ok: true; value: unknown } | { ok: false; message: string; hint: string };

const ok = (value: unknown): FieldRead => ({ ok: true, value });
const bad = (message: string, hint: string): FieldRead => ({ ok: false, message, hint });
const shown = (value: unknown) => JSON.stringify(value);

/** `value` as parsed by YAML; `written` the scalar text as written (ids and lists keep it). */
export function readFieldValue(spec: FieldSpec, value: unknown, written: string | string[] | undefined): FieldRead {
  const name = spec.name;
  switch (spec.type) {
    case 'id': {
      const id = typeof written === 'string' ? written : undefined;
      if (id === undefined || !ID_PATTERN.test(id)) {
        return bad(`invalid id ${shown(id ?? value)}`, 'use letters, digits, ".", "_" or "-", starting with a letter or digit, at most 64 characters');
      }
      return ok(id);
    }
    case 'text': {
      if (typeof value === 'object' || typeof written !== 'string' || !written.trim()) return bad(`expected text, got ${shown(value)}`, `write ${name}: followed by text`);
      const text = written.trim();
      if (spec.argv && text.startsWith('-')) {
        return bad(`${shown(text)} would be read as a command-line option`, `${name} is passed to the agent's command line: give a value that does not start with "-"`);
      }
      return ok(text);
    }
    case 'ids': case 'globs': {
      const list = typeof written === 'string' ? [written] : written;
      if (!Array.isArray(value) && typeof value === 'object') return bad('expected a list of text', `write ${name}: [a, b]`);
      if (!Array.isArray(list) || list.some((x) => !x.trim())) return bad('expected a list of text', `write ${name}: [a, b]`);
      return ok(list.map((x) => x.trim()));
    }
    case 'agents': {
      const list = typeof written === 'string' ? [written] : written;
      if (!Array.isArray(list) || !list.length || list.some((x) => !x.trim()) || (typeof value === 'object' && !Array.isArray(value))) {
        return bad(`expected an agent name or a list of names, got ${shown(value)}`, 'write agent: claude, or agent: [claude, codex]');
      }
      return ok(list.map((x) => x.trim()));
    }
    case 'command':
      if (typeof value === 'string' && value.trim()) return ok(value);
      if (Array.isArray(value) && value.length > 0 && Array.isArray(written)) return ok(written);
      return bad('expected a command string or an argv list', 'write command: npm test, or command: [npm, test]');
    case 'count': case 'int': {
      const min = spec.type === 'count' ? 1 : name === 'priority' ? -1e9 : 0;
      if (Number.isInteger(value) && (value as number) >= min) return ok(value);
      return bad(`expected a whole number${min === 1 ? ' ≥ 1' : min === 0 ? ' ≥ 0' : ''}, got ${shown(value)}`, `write ${name}: 2`);
    }
    case 'dollars':
      if (typeof value === 'number' && Number.isFinite(value) && value > 0) return ok(value);
      return bad(`expected a positive number of dollars, got ${shown(value)}`, `write ${name}: 0.50`);
    case 'bool':
      if (typeof value === 'boolean') return ok(value);
      return bad(`expected true or false, got ${shown(value)}`, `write ${name}: true`);
    case 'duration': {
      const d = durationProblem(value, { timer: spec.timer ?? false, zero: name === 'estimate' });
      return d.problem ? bad(d.problem, d.hint) : ok(d.ms);
    }
    case 'enum':
      if (typeof value === 'string' && spec.values?.includes(value)) return ok(value);
      return bad(`expected one of ${spec.values?.join(', ')}, got ${shown(value)}`, `write ${name}: ${spec.values?.[0]}`);
  }
}
