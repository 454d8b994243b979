import { diagnostic, type Diagnostic } from '../errors.js';
import { hashText } from '../util/hash.js';
import { nearest } from '../util/nearest.js';
import { parseYamlMap, type YamlEntry } from '../util/yaml-doc.js';
import type { Card } from './card.js';
import { readFieldValue } from './field-value.js';
import { CARD_FIELDS, FIELD_ALIASES, fieldSpec, type CardField } from './fields.js';
import { splitFrontMatter } from './front-matter.js';
import { outputProblem } from './output-paths.js';

export interface ParsedCard {
  card?: Card;
  /** The id, when one can be read even though the card is invalid: dependents then do not cascade. */
  id?: string;
  diagnostics: Diagnostic[];
}

const ID_LINE = /^id:[ \t]*(["']?)([A-Za-z0-9][A-Za-z0-9._-]{0,63})\1[ \t]*(?:#.*)?$/m;

/** Parse one card file's text. Pure: `file` is only used in messages. */
export function parseCard(text: string, file: string): ParsedCard {
  const at = (line?: number, column?: number) => ({ file, line, column });
  const close = text.indexOf('\n---', 3);
  const rawId = ID_LINE.exec(close > 0 ? text.slice(0, close) : text)?.[2];
  const fail = (message: string, hint: string, line = 1): ParsedCard => ({
    ...(rawId ? { id: rawId } : {}),
    diagnostics: [diagnostic('CARD_YAML', message, { place: at(line, 1), hint })],
  });

  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const split = splitFrontMatter(text);
  if (split === 'open') return fail('no front matter', 'start the file with a `---` line, then `id: …`, then `---`');
  if (split === 'close') return fail('front matter is not closed', 'add a `---` line after the last field');
  if (typeof split === 'object' && 'language' in split) return fail(`front matter in ${split.language} is not read`, 'write the front matter in YAML');
  const yaml = parseYamlMap(split.yaml, 0);
  if (!yaml.ok) {
    return fail(`bad YAML: ${yaml.message}`, 'fix the front matter syntax (key: value, lists as [a, b])', yaml.line);
  }

  const diagnostics: Diagnostic[] = [];
  const { values, lines, extra } = readFields(yaml.entries, file, diagnostics);
  const body = split.body.trim();
  if (!body) {
    diagnostics.push(diagnostic('CARD_BODY', 'empty body', { place: at(split.bodyLine, 1), hint: 'write the task below the front matter: the body is the prompt' }));
  }
  const id = values.id as string | undefined;
  if (id === undefined && lines.id === undefined) {
    diagnostics.push(diagnostic('CARD_ID', 'missing id', { place: at(1, 1), hint: 'add `id: T-01` to the front matter' }));
  }
  const outputs = (values.outputs as string[] | undefined) ?? [];
  const writes = (values.writes as string[] | undefined) ?? [];
  for (const glob of outputs) {
    const problem = outputProblem(glob);
    if (problem) diagnostics.push(diagnostic('CARD_OUTPUTS', `outputs: ${JSON.stringify(glob)} ${problem.message}`, { place: at(lines.outputs, 1), hint: problem.hint }));
  }
  if (values.write === false && (outputs.length || writes.length)) {
    diagnostics.push(diagnostic('CARD_FIELD', `write: false, yet the card has ${outputs.length ? 'outputs' : 'writes'}`, {
      place: at(lines.write, 1), hint: 'an agent that may not write can never produce them: remove write: false, or the outputs and writes',
    }));
  }
  if (id === undefined || diagnostics.some((d) => d.severity === 'error')) return { ...(id ?? rawId ? { id: id ?? rawId } : {}), diagnostics };

  const agents = (values.agent as string[] | undefined) ?? [];
  const card: Card = {
    id,
    title: (values.title as string | undefined) ?? firstHeading(body) ?? id,
    deps: (values.deps as string[] | undefined) ?? [],
    agents,
    inputs: (values.inputs as string[] | undefined) ?? [],
    outputs,
    writes,
    write: (values.write as boolean | undefined) ?? (outputs.length > 0 || writes.length > 0),
    priority: (values.priority as number | undefined) ?? 0,
    final: (values.final as boolean | undefined) ?? false,
    always: (values.always as boolean | undefined) ?? false,
    approve: (values.approve as boolean | undefined) ?? false,
    report: (values.report as boolean | undefined) ?? true,
    body,
    file,
    lines,
    hash: hashText(split.yaml, body),
  };
  if (agents[0] !== undefined) card.agent = agents[0];
  const optional = { command: 'command', model: 'model', maxTurns: 'maxTurns', maxCostUsd: 'maxCostUsd', verify: 'verify', estimate: 'estimateMs', timeout: 'timeoutMs', stall: 'stallMs', retries: 'retries', workspace: 'workspace', onConflict: 'onConflict', format: 'format' } as const;
  for (const [field, key] of Object.entries(optional)) {
    if (values[field as CardField] !== undefined) (card as unknown as Record<string, unknown>)[key] = values[field as CardField];
  }
  if (Object.keys(extra).length) card.extra = extra;
  return { card, diagnostics };
}

function readFields(entries: YamlEntry[], file: string, out: Diagnostic[]) {
  const values: Partial<Record<CardField, unknown>> = {};
  const lines: Partial<Record<CardField, number>> = {};
  const extra: Record<string, unknown> = {};
  for (const e of entries) {
    if (e.key.startsWith('x-')) {
      extra[e.key] = e.value;
      continue;
    }
    const spec = fieldSpec(e.key);
    if (!spec) {
      const guess = FIELD_ALIASES[e.key] ?? nearest(e.key, CARD_FIELDS);
      out.push(diagnostic('CARD_UNKNOWN_FIELD', `unknown field "${e.key}"`, {
        place: { file, line: e.line, column: e.column },
        hint: guess ? `did you mean "${guess}"? (your own fields start with "x-")` : `known fields: ${CARD_FIELDS.join(', ')}; your own start with "x-"`,
      }));
      continue;
    }
    const key = spec.name as CardField;
    lines[key] = e.line;
    if (e.value === null && key !== 'id') continue;
    const read = readFieldValue(spec, e.value, e.written);
    if (read.ok) values[key] = read.value;
    else {
      const code = key === 'id' ? 'CARD_ID' : spec.type === 'duration' ? 'CARD_DURATION' : 'CARD_FIELD';
      out.push(diagnostic(code, `${e.key}: ${read.message}`, { place: { file, line: e.valueLine, column: e.valueColumn }, hint: read.hint }));
    }
  }
  return { values, lines, extra };
}

function firstHeading(body: string): string | undefined {
  const match = /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(body);
  return match?.[1]?.trim();
}
