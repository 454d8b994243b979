import { diagnostic, warning, type Diagnostic } from '../errors.js';
import { parseDuration } from '../util/duration.js';
import { hashText } from '../util/hash.js';
import { nearest } from '../util/nearest.js';
import { parseYamlMap, type YamlEntry } from '../util/yaml-doc.js';
import { CARD_FIELDS, FIELD_ALIASES, ID_PATTERN, type Card, type CardField } from './card.js';
import { splitFrontMatter } from './front-matter.js';

export interface ParsedCard {
  card?: Card;
  diagnostics: Diagnostic[];
}

/** Parse one card file's text. Pure: `file` is only used in messages. */
export function parseCard(text: string, file: string): ParsedCard {
  const diagnostics: Diagnostic[] = [];
  const at = (line?: number, column?: number) => ({ file, line, column });
  const fail = (message: string, hint: string, line = 1, code: Diagnostic['code'] = 'CARD_YAML'): ParsedCard => ({
    diagnostics: [diagnostic(code, message, { place: at(line, 1), hint })],
  });

  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const split = splitFrontMatter(text);
  if (split === 'open') return fail('no front matter', 'start the file with a `---` line, then `id: …`, then `---`');
  if (split === 'close') return fail('front matter is not closed', 'add a `---` line after the last field');
  const yaml = parseYamlMap(split.yaml, 0);
  if (!yaml.ok) {
    return fail(`bad YAML: ${yaml.message}`, 'fix the front matter syntax (key: value, lists as [a, b])', yaml.line);
  }

  const bodyLine = split.bodyLine;
  const fields = readFields(yaml.entries, file, diagnostics);
  const body = split.body.trim();
  if (!body) {
    diagnostics.push(diagnostic('CARD_BODY', 'empty body', { place: at(bodyLine, 1), hint: 'write the task below the front matter: the body is the prompt' }));
  }
  const id = fields.values.id;
  if (id === undefined) {
    diagnostics.push(diagnostic('CARD_ID', 'missing id', { place: at(1, 1), hint: 'add `id: T-01` to the front matter' }));
  }
  if (typeof id !== 'string' || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  const v = fields.values;
  const outputs = v.outputs ?? [];
  const writes = v.writes ?? [];
  const card: Card = {
    id,
    title: v.title ?? firstHeading(body) ?? id,
    deps: v.deps ?? [],
    inputs: v.inputs ?? [],
    outputs,
    writes,
    write: v.write ?? (outputs.length > 0 || writes.length > 0),
    priority: v.priority ?? 0,
    final: v.final ?? false,
    report: v.report ?? true,
    body,
    file,
    lines: fields.lines,
    hash: hashText(split.yaml, body),
  };
  for (const key of ['agent', 'command', 'model', 'maxTurns', 'maxCostUsd', 'verify', 'estimateMs', 'timeoutMs', 'stallMs', 'retries'] as const) {
    if (v[key] !== undefined) (card as unknown as Record<string, unknown>)[key] = v[key];
  }
  return { card, diagnostics };
}

interface FieldValues {
  id?: string; title?: string; deps?: string[]; agent?: string; command?: string | string[]; model?: string;
  maxTurns?: number; maxCostUsd?: number; inputs?: string[]; outputs?: string[]; writes?: string[];
  verify?: string; write?: boolean; estimateMs?: number; timeoutMs?: number; stallMs?: number;
  retries?: number; priority?: number; final?: boolean; report?: boolean;
}

function readFields(entries: YamlEntry[], file: string, out: Diagnostic[]) {
  const values: FieldValues = {};
  const lines: Partial<Record<CardField, number>> = {};
  const known = new Set<string>(CARD_FIELDS);
  for (const e of entries) {
    const place = { file, line: e.valueLine, column: e.valueColumn };
    const bad = (what: string, hint: string) =>
      out.push(diagnostic(e.key === 'id' ? 'CARD_ID' : 'CARD_FIELD', `${e.key}: ${what}`, { place, hint }));
    if (!known.has(e.key)) {
      const guess = FIELD_ALIASES[e.key] ?? nearest(e.key, CARD_FIELDS);
      out.push(warning('CARD_UNKNOWN_FIELD', `unknown field "${e.key}"`, {
        place: { file, line: e.line, column: e.column },
        hint: guess ? `did you mean "${guess}"?` : `known fields: ${CARD_FIELDS.join(', ')}`,
      }));
      continue;
    }
    const key = e.key as CardField;
    lines[key] = e.line;
    const value = e.value;
    if (value === null && key !== 'id') continue;
    switch (key) {
      case 'id':
        if (typeof value === 'number') values.id = String(value);
        else if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
          bad(`invalid id ${JSON.stringify(value)}`, 'use letters, digits, ".", "_" or "-", starting with a letter or digit, at most 64 characters');
          break;
        } else values.id = value;
        if (!ID_PATTERN.test(values.id)) {
          bad(`invalid id ${JSON.stringify(value)}`, 'use letters, digits, ".", "_" or "-"');
          delete values.id;
        }
        break;
      case 'title': case 'agent': case 'model': case 'verify':
        if (typeof value === 'string' && value.trim()) values[key] = value.trim();
        else bad('expected text', `write ${key}: followed by text`);
        break;
      case 'deps': case 'inputs': case 'outputs': case 'writes': {
        const list = typeof value === 'string' ? [value] : value;
        if (Array.isArray(list) && list.every((x) => typeof x === 'string' || typeof x === 'number')) {
          values[key] = list.map(String);
        } else bad('expected a list of text', `write ${key}: [a, b]`);
        break;
      }
      case 'command':
        if (typeof value === 'string' && value.trim()) values.command = value;
        else if (Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'string')) values.command = value as string[];
        else bad('expected a command string or an argv list', 'write command: npm test, or command: [npm, test]');
        break;
      case 'maxTurns': case 'retries': case 'priority':
        if (Number.isInteger(value) && (value as number) >= (key === 'priority' ? -1e9 : key === 'maxTurns' ? 1 : 0)) values[key] = value as number;
        else bad(`expected a whole number, got ${JSON.stringify(value)}`, `write ${key}: 2`);
        break;
      case 'maxCostUsd':
        if (typeof value === 'number' && value > 0) values.maxCostUsd = value;
        else bad(`expected a positive number of dollars, got ${JSON.stringify(value)}`, 'write maxCostUsd: 0.50');
        break;
      case 'write': case 'final': case 'report':
        if (typeof value === 'boolean') values[key] = value;
        else bad(`expected true or false, got ${JSON.stringify(value)}`, `write ${key}: true`);
        break;
      case 'estimate': case 'timeout': case 'stall': {
        const ms = parseDuration(value);
        const target = key === 'estimate' ? 'estimateMs' : key === 'timeout' ? 'timeoutMs' : 'stallMs';
        if (ms === undefined || (key !== 'estimate' && ms === 0)) {
          out.push(diagnostic('CARD_DURATION', `${key}: bad duration ${JSON.stringify(value)}`, {
            place, hint: 'use 500ms, 30s, 5m, 1h or a number of seconds',
          }));
        } else values[target] = ms;
        break;
      }
    }
  }
  return { values, lines };
}

function firstHeading(body: string): string | undefined {
  const match = /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(body);
  return match?.[1]?.trim();
}
