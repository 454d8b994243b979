import type { Command } from 'commander';

/** What a completion script needs of the program: read from commander, so the scripts stay true. */
export interface CompletionSpec {
  options: OptionSpec[];
  commands: CommandSpec[];
}
export interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  /** Values of its first argument, when they are fixed (`completion bash|zsh|fish`). */
  values: string[];
  commands: CommandSpec[];
}
export interface OptionSpec {
  short?: string;
  long?: string;
  description: string;
  takesValue: boolean;
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function completionSpec(program: Command): CompletionSpec {
  const options = (c: Command): OptionSpec[] => c.options.map((o) => ({
    short: o.short, long: o.long, description: o.description, takesValue: o.required || o.optional,
  }));
  const command = (c: Command): CommandSpec => ({
    name: c.name(), description: c.description(), options: options(c),
    values: c.name() === 'completion' ? [...SHELLS] : [], commands: c.commands.map(command),
  });
  return { options: options(program), commands: program.commands.map(command) };
}

const flags = (options: OptionSpec[]) => options.flatMap((o) => [o.short, o.long].filter((f): f is string => Boolean(f)));
const words = (c: CommandSpec) => [...c.commands.map((s) => s.name), ...c.values, ...flags(c.options), '--help'].join(' ');
/** Text safe inside single quotes and zsh's `[...]` descriptions. */
const clean = (text: string) => text.replace(/['[\]:\\`]/g, '').replace(/\s+/g, ' ').trim();

export function completionScript(shell: Shell, spec: CompletionSpec): string {
  return shell === 'bash' ? bash(spec) : shell === 'zsh' ? zsh(spec) : fish(spec);
}

function bash(spec: CompletionSpec): string {
  const valued = [...new Set(flags([...spec.options, ...spec.commands.flatMap((c) => c.options)].filter((o) => o.takesValue)))].filter((f) => f !== '-C');
  const cases = spec.commands.map((c) => {
    if (!c.commands.length) return `    ${c.name}) words='${words(c)}' ;;`;
    const subs = c.commands.map((s) => `${s.name}) words='${words(s)}' ;; `).join('');
    return `    ${c.name}) if [[ -z "$sub" ]]; then words='${words(c)}'; else case "$sub" in ${subs}*) words='--help' ;; esac; fi ;;`;
  });
  return `# orch completion for bash: source <(orch completion bash), or save it in ~/.local/share/bash-completion/completions/orch
_orch() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="" sub="" words i
  case "$prev" in
    -C) COMPREPLY=( $(compgen -d -- "$cur") ); return ;;
    ${valued.join('|')}) COMPREPLY=(); return ;;
  esac
  for (( i = 1; i < COMP_CWORD; i++ )); do
    case "\${COMP_WORDS[i]}" in
      -C|${valued.join('|')}) (( i++ )) ;;
      -*) ;;
      *) if [[ -z "$cmd" ]]; then cmd="\${COMP_WORDS[i]}"; elif [[ -z "$sub" ]]; then sub="\${COMP_WORDS[i]}"; fi ;;
    esac
  done
  case "$cmd" in
    '') words='${[...spec.commands.map((c) => c.name), ...flags(spec.options), '--help'].join(' ')}' ;;
${cases.join('\n')}
    *) words='--help' ;;
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -F _orch orch
`;
}

function zshOptions(options: OptionSpec[]): string {
  return options.map((o) => {
    const names = [o.short, o.long].filter(Boolean) as string[];
    const value = o.takesValue ? ':value:' : '';
    const spec = names.length > 1 ? `'(${names.join(' ')})'{${names.join(',')}}'[${clean(o.description)}]${value}'` : `'${names[0]}[${clean(o.description)}]${value}'`;
    return ` \\\n        ${spec}`;
  }).join('');
}

function zsh(spec: CompletionSpec): string {
  const list = (cs: CommandSpec[]) => cs.map((c) => `'${c.name}:${clean(c.description)}'`).join(' ');
  const cases = spec.commands.map((c) => {
    const inner = c.commands.length ? ` '1: :((${c.commands.map((s) => `${s.name}\\:${clean(s.description).replace(/ /g, '\\ ')}`).join(' ')}))'` : c.values.length ? ` '1: :(${c.values.join(' ')})'` : '';
    const options = [...c.options, ...c.commands.flatMap((s) => s.options)];
    return `    ${c.name}) _arguments${zshOptions(options)}${inner} '*: :_files' ;;`;
  });
  return `#compdef orch
# orch completion for zsh: source <(orch completion zsh), or save it as _orch in a folder on $fpath
_orch() {
  local curcontext="$curcontext" state line
  local -a commands
  commands=(${list(spec.commands)})
  _arguments -C${zshOptions(spec.options)} \\
    '1: :->command' '*:: :->args'
  case $state in
    command) _describe -t commands 'orch command' commands ;;
    args) case $line[1] in
${cases.join('\n')}
    esac ;;
  esac
}
if [[ "$funcstack[1]" == _orch ]]; then _orch "$@"; else compdef _orch orch; fi
`;
}

function fish(spec: CompletionSpec): string {
  const option = (o: OptionSpec, condition: string) =>
    `complete -c orch -n '${condition}'${o.short ? ` -s ${o.short.replace(/^-/, '')}` : ''}${o.long ? ` -l ${o.long.replace(/^--/, '')}` : ''}${o.takesValue ? ' -r' : ''} -d '${clean(o.description)}'`;
  const lines = ['# orch completion for fish: orch completion fish > ~/.config/fish/completions/orch.fish', 'complete -c orch -f'];
  for (const o of spec.options) lines.push(option(o, '__fish_use_subcommand'));
  for (const c of spec.commands) {
    lines.push(`complete -c orch -n '__fish_use_subcommand' -a ${c.name} -d '${clean(c.description)}'`);
    const seen = `__fish_seen_subcommand_from ${c.name}`;
    for (const o of c.options) lines.push(option(o, seen));
    if (c.values.length) lines.push(`complete -c orch -n '${seen}' -a '${c.values.join(' ')}'`);
    for (const s of c.commands) {
      lines.push(`complete -c orch -n '${seen}; and not __fish_seen_subcommand_from ${s.name}' -a ${s.name} -d '${clean(s.description)}'`);
      for (const o of s.options) lines.push(option(o, `${seen}; and __fish_seen_subcommand_from ${s.name}`));
    }
  }
  return `${lines.join('\n')}\n`;
}
