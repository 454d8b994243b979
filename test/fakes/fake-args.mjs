// A small argv parser with the shapes the real CLIs accept: `--flag`, `--flag value`, `--flag=value`,
// `-f value`, variadic flags that swallow every following non-option word (commander's `<x...>`,
// yargs arrays), optional values (`[value]`), and `--` ending the options.

/**
 * @param {string[]} argv
 * @param {Record<string, { key: string, arity: 0 | 1 | '?' | '*' }>} spec flag (with dashes) → its option
 * @returns {{ opts: Record<string, string | string[] | true>, positionals: string[], unknown?: string, missing?: string }}
 */
export function parseArgs(argv, spec) {
  const opts = {};
  const positionals = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : arg.length > 2 && arg[2] === '=' ? 2 : -1;
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const option = spec[flag];
    if (!option) return { opts, positionals, unknown: flag };
    const isValue = (next) => next !== undefined && !next.startsWith('-');
    if (option.arity === 0) {
      opts[option.key] = true;
    } else if (option.arity === 1) {
      const value = inline ?? argv[++i];
      if (value === undefined) return { opts, positionals, missing: flag };
      opts[option.key] = value;
    } else if (option.arity === '?') {
      opts[option.key] = inline ?? (isValue(argv[i + 1]) ? argv[++i] : true);
    } else {
      const values = inline !== undefined ? [inline] : [];
      while (inline === undefined && isValue(argv[i + 1])) values.push(argv[++i]);
      if (!values.length) return { opts, positionals, missing: flag };
      const before = Array.isArray(opts[option.key]) ? opts[option.key] : [];
      opts[option.key] = [...before, ...values];
    }
  }
  return { opts, positionals };
}

/** Build a spec from `['-p', '--print', 0, 'print']`-style rows: names…, arity, key. */
export function specOf(rows) {
  const spec = {};
  for (const row of rows) {
    const key = row[row.length - 1];
    const arity = row[row.length - 2];
    for (const name of row.slice(0, -2)) spec[name] = { key, arity };
  }
  return spec;
}
