import { isMap, isScalar, type LineCounter, type Node, type Pair } from 'yaml';
import { diagnostic, type Diagnostic, type Place } from '../errors.js';
import { durationProblem } from '../util/duration.js';
import { nearest } from '../util/nearest.js';
import { scalarText } from '../util/yaml-doc.js';
import { parseSize } from './size.js';

/** One `key: value` of orchestrator.yaml, with its path (`defaults.agent`) for messages. */
export interface Setting {
  key: string;
  path: string;
  value: unknown;
  node: Node | null | undefined;
}

/** Reads orchestrator.yaml's settings by type; every problem becomes a diagnostic with file:line. */
export class SettingsReader {
  constructor(private readonly file: string, private readonly lines: LineCounter, readonly out: Diagnostic[]) {}

  placeOf(node: Node | null | undefined): Place {
    const pos = this.lines.linePos(node?.range?.[0] ?? 0);
    return { file: this.file, line: pos.line, column: pos.col };
  }

  bad(node: Node | null | undefined, message: string, hint: string): undefined {
    this.out.push(diagnostic('CONFIG_FIELD', message, { place: this.placeOf(node), hint }));
    return undefined;
  }

  /** The pairs of a mapping; a key not in `known` (unless it starts with `x-`) is an error. `known` empty: any key. */
  settings(node: Node | null | undefined, where: string, known: readonly string[]): Setting[] {
    if (!node || (isScalar(node) && node.value === null)) return [];
    if (!isMap(node)) {
      this.bad(node, `${where}: expected key: value pairs`, `write ${where}: { ${known[0] ?? 'name'}: … }`);
      return [];
    }
    const found: Setting[] = [];
    for (const p of node.items as Pair<Node, Node>[]) {
      const key = isScalar(p.key) ? String(p.key.value) : String(p.key);
      const path = where ? `${where}.${key}` : key;
      if (key.startsWith('x-')) continue;
      if (known.length && !known.includes(key)) {
        const guess = nearest(key, known);
        this.out.push(diagnostic('CONFIG_FIELD', `unknown setting "${path}"`, {
          place: this.placeOf(p.key), hint: guess ? `did you mean "${guess}"? (your own settings start with "x-")` : `known: ${known.join(', ')}`,
        }));
        continue;
      }
      found.push({ key, path, value: p.value ? p.value.toJSON() : null, node: p.value });
    }
    return found;
  }

  text(s: Setting, options: { argv?: boolean } = {}): string | undefined {
    const text = typeof s.value === 'string' ? s.value.trim() : undefined;
    if (!text) return this.bad(s.node, `${s.path}: expected text, got ${JSON.stringify(s.value)}`, `write ${s.key}: followed by text`);
    if (options.argv && text.startsWith('-')) {
      return this.bad(s.node, `${s.path}: ${JSON.stringify(text)} would be read as a command-line option`, `${s.key} is passed on the agent's command line: give a value that does not start with "-"`);
    }
    return text;
  }

  /** Like `text`, but the text as written for a plain scalar (`id`-like names: `5` stays "5"). */
  name(s: Setting): string | undefined {
    if (typeof s.value !== 'string') return this.bad(s.node, `${s.path}: expected a name, got ${JSON.stringify(s.value)}`, `write ${s.key}: claude`);
    return scalarText(s.node)?.trim() || this.bad(s.node, `${s.path}: expected a name`, `write ${s.key}: claude`);
  }

  bool(s: Setting): boolean | undefined {
    if (typeof s.value === 'boolean') return s.value;
    return this.bad(s.node, `${s.path}: expected true or false, got ${JSON.stringify(s.value)}`, `write ${s.key}: true`);
  }

  wholeNumber(s: Setting, min: number): number | undefined {
    if (Number.isInteger(s.value) && (s.value as number) >= min) return s.value as number;
    return this.bad(s.node, `${s.path}: expected ${min === 1 ? 'a positive whole number' : `a whole number ≥ ${min}`}, got ${JSON.stringify(s.value)}`, `write ${s.key}: ${Math.max(min, 2)}`);
  }

  number(s: Setting, check: (n: number) => boolean, what: string, example: string): number | undefined {
    if (typeof s.value === 'number' && Number.isFinite(s.value) && check(s.value)) return s.value;
    return this.bad(s.node, `${s.path}: expected ${what}, got ${JSON.stringify(s.value)}`, `write ${s.key}: ${example}`);
  }

  duration(s: Setting, options: { timer: boolean }): number | undefined {
    const d = durationProblem(s.value, { timer: options.timer });
    return d.problem ? this.bad(s.node, `${s.path}: ${d.problem}`, d.hint) : d.ms;
  }

  size(s: Setting): number | undefined {
    return parseSize(s.value) ?? this.bad(s.node, `${s.path}: bad size ${JSON.stringify(s.value)}`, 'use a number of bytes, or 512kb, 10mb, 1gb');
  }

  oneOf<T extends string>(s: Setting, values: readonly T[]): T | undefined {
    if (typeof s.value === 'string' && (values as readonly string[]).includes(s.value)) return s.value as T;
    return this.bad(s.node, `${s.path}: expected one of ${values.join(', ')}, got ${JSON.stringify(s.value)}`, `write ${s.key}: ${values[0]}`);
  }

  /** A command as argv list or a shell string. */
  command(s: Setting): string | string[] | undefined {
    const v = s.value;
    if ((typeof v === 'string' && v.trim()) || (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string'))) return v as string | string[];
    return this.bad(s.node, `${s.path}: expected an argv list or a command string`, `write ${s.key}: ["npx", "eslint", "."]`);
  }
}
