import { FIELD_TABLE, typeWords, type CardField, type FieldSpec } from './fields.js';

/** An `orch add` option for one card field, read from the field table. */
export interface FieldFlag {
  field: CardField;
  /** Commander's flag text: `--max-turns <n>`, `--final [bool]`. */
  flags: string;
  description: string;
  /** Commander's key in the parsed options (camelCase of the flag). */
  key: string;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const PLACEHOLDER: Partial<Record<FieldSpec['type'], string>> = {
  ids: '<ids>', globs: '<globs>', agents: '<agents>', count: '<n>', int: '<n>', dollars: '<usd>', bool: '[bool]', duration: '<duration>',
};

export const FIELD_FLAGS: readonly FieldFlag[] = FIELD_TABLE.filter((f) => !(f as FieldSpec).noFlag).map((f) => {
  const spec = f as FieldSpec;
  const list = ['ids', 'globs', 'agents'].includes(spec.type) ? ', comma-separated' : '';
  return {
    field: spec.name as CardField,
    flags: `--${kebab(spec.name)} ${PLACEHOLDER[spec.type] ?? `<${spec.type === 'enum' ? typeWords(spec).replace(/ \\\| /g, '|') : 'text'}>`}`,
    description: `${spec.doc}${list}`.replace(/`/g, ''),
    key: spec.name,
  };
});

/** Front-matter values from `orch add`'s options, typed as the table says; validation happens after. */
export function frontMatterFromFlags(options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const front: Record<string, unknown> = {};
  for (const f of FIELD_TABLE) {
    const spec = f as FieldSpec;
    const raw = options[spec.name];
    if (raw === undefined) continue;
    const text = String(raw);
    switch (spec.type) {
      case 'ids': case 'globs': case 'agents': {
        const list = (Array.isArray(raw) ? raw.map(String) : text.split(',')).map((x) => x.trim()).filter(Boolean);
        front[spec.name] = spec.type === 'agents' && list.length === 1 ? list[0] : list;
        break;
      }
      case 'bool': front[spec.name] = raw === true || text === 'true' ? true : text === 'false' ? false : text; break;
      case 'count': case 'int': case 'dollars': front[spec.name] = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text; break;
      default: front[spec.name] = text;
    }
  }
  return front;
}
