/** Words a shell would not split or expand: no quotes, variables, globs, redirections or operators. */
const SIMPLE = /^[A-Za-z0-9_./,:@%+=-]+(?:[ \t]+[A-Za-z0-9_./,:@%+=-]+)*$/;

/** Shell builtins and keywords that have no executable of their own. */
const SHELL_ONLY = new Set([
  '.', ':', 'alias', 'bg', 'break', 'builtin', 'case', 'cd', 'command', 'continue', 'do', 'done', 'elif', 'else', 'esac',
  'eval', 'exec', 'exit', 'export', 'fc', 'fg', 'fi', 'for', 'function', 'getopts', 'hash', 'if', 'in', 'jobs', 'local',
  'read', 'readonly', 'return', 'select', 'set', 'shift', 'source', 'then', 'time', 'times', 'trap', 'type', 'ulimit',
  'umask', 'unalias', 'unset', 'until', 'wait', 'while',
]);

/**
 * The argv of a command line the shell would run as plain words, else undefined. Like make, orch
 * then runs it without a shell: one process fewer per card, same result.
 */
export function plainWords(line: string): string[] | undefined {
  const trimmed = line.trim();
  if (!SIMPLE.test(trimmed)) return undefined;
  const words = trimmed.split(/[ \t]+/);
  const first = words[0]!;
  return first.includes('=') || SHELL_ONLY.has(first) ? undefined : words;
}
