import fs from 'node:fs';
import path from 'node:path';
import { OrchError } from '../errors.js';

/** How Claude Code and Codex start orch's MCP server: `orch` must be on the PATH they see. */
export const SERVER = { command: 'orch', args: ['mcp'] } as const;

export const CODEX_TABLE = `[mcp_servers.orch]\ncommand = "${SERVER.command}"\nargs = ["${SERVER.args.join('", "')}"]\n`;

/** What to paste, for a person who registers the server by hand. */
export function mcpConfigText(): string {
  return [
    'MCP (optional): register `orch mcp` as a server —',
    `  Claude Code: claude mcp add orch -- ${SERVER.command} ${SERVER.args.join(' ')}   (or .mcp.json: {"mcpServers":{"orch":{"command":"orch","args":["mcp"]}}})`,
    `  Codex: add to ~/.codex/config.toml:  ${CODEX_TABLE.trim().split('\n').join('  ')}`,
    '  `orch skill install --mcp` writes both.',
  ].join('\n');
}

export type McpWrite = { file: string; action: 'create' | 'update' | 'keep' };

/** Register the server for Claude Code in `<projectRoot>/.mcp.json`; an existing `orch` entry is kept. */
export function writeClaudeMcp(projectRoot: string, dryRun: boolean): McpWrite {
  const file = path.join(projectRoot, '.mcp.json');
  let config: { mcpServers?: Record<string, unknown> } = {};
  const exists = fs.existsSync(file);
  if (exists) {
    try {
      config = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof config;
    } catch {
      throw new OrchError('USAGE', `${file} is not valid JSON`, { hint: 'fix or remove it, then run `orch skill install --mcp` again' });
    }
  }
  if (config.mcpServers?.orch) return { file, action: 'keep' };
  config.mcpServers = { ...config.mcpServers, orch: { command: SERVER.command, args: [...SERVER.args] } };
  if (!dryRun) fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return { file, action: exists ? 'update' : 'create' };
}

/** Register the server for Codex in `<codexHome>/config.toml`; an existing `[mcp_servers.orch]` table is kept. */
export function writeCodexMcp(codexHome: string, dryRun: boolean): McpWrite {
  const file = path.join(codexHome, 'config.toml');
  const exists = fs.existsSync(file);
  const text = exists ? fs.readFileSync(file, 'utf8') : '';
  if (/^\s*\[mcp_servers\.orch\]\s*$/m.test(text)) return { file, action: 'keep' };
  if (!dryRun) {
    fs.mkdirSync(codexHome, { recursive: true });
    fs.writeFileSync(file, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${text ? '\n' : ''}${CODEX_TABLE}`);
  }
  return { file, action: exists ? 'update' : 'create' };
}
