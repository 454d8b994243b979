import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Node, type Pair } from 'yaml';

/** A parsed YAML mapping whose keys keep their line and column. */
export interface YamlEntry {
  key: string;
  value: unknown;
  /** A scalar's text as written (`1.50` stays "1.50"), or each item's for a list of scalars. */
  written?: string | string[];
  line: number;
  column: number;
  valueLine: number;
  valueColumn: number;
}

export type YamlParse =
  | { ok: true; entries: YamlEntry[] }
  | { ok: false; message: string; line: number; column: number };

/** Parse YAML text that must be a mapping; `lineOffset` is added to every line. */
export function parseYamlMap(text: string, lineOffset = 0): YamlParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (offset: number | undefined): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line + lineOffset, column: pos.col };
  };
  const error = doc.errors[0];
  if (error) {
    const message = error.message.split('\n')[0] ?? error.message;
    return { ok: false, message: message.replace(/ at line \d+, column \d+:?$/, ''), ...where(error.pos[0]) };
  }
  if (doc.contents === null) return { ok: true, entries: [] };
  if (!isMap(doc.contents)) {
    return { ok: false, message: 'expected key: value pairs', ...where(doc.contents.range?.[0]) };
  }
  const entries: YamlEntry[] = [];
  for (const pair of doc.contents.items as Pair<Node, Node>[]) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const keyPos = where(keyNode?.range?.[0]);
    const valuePos = where(pair.value?.range?.[0] ?? keyNode?.range?.[0]);
    entries.push({
      key,
      value: pair.value ? pair.value.toJSON() : null,
      written: writtenText(pair.value),
      line: keyPos.line,
      column: keyPos.column,
      valueLine: valuePos.line,
      valueColumn: valuePos.column,
    });
  }
  return { ok: true, entries };
}

/** The text of a scalar as written: a plain number or boolean keeps its source (`1.50`, `.inf`). */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (node.type === Scalar.PLAIN && typeof node.source === 'string') return node.source;
  return node.value === null || node.value === undefined ? undefined : String(node.value);
}

function writtenText(node: Node | null | undefined): string | string[] | undefined {
  if (isSeq(node)) {
    const items = node.items.map(scalarText);
    return items.every((x): x is string => x !== undefined) ? items : undefined;
  }
  return scalarText(node);
}
