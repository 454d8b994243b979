import fs from 'node:fs';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { readView } from '../project/view.js';
import { renderStatusTerminal } from '../report/status-terminal.js';
import { writeReport } from '../run/markdown-files.js';
import { layoutOf, resultPath } from '../state/layout.js';
import { TOOLS, type ToolName } from './schemas.js';
import { guarded, type ToolResult } from './tool-result.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
import { orchTools } from './tools.js';

const VERSION = '0.2.0';

/** orch as an MCP server for the project at `root`: eight tools and three kinds of resource. */
export function createOrchServer(root: string): McpServer {
  const server = new McpServer({ name: 'orch', version: VERSION }, { capabilities: { logging: {} } });
  const tools = orchTools(root);
  const register = <N extends ToolName>(name: N, run: (args: z.infer<(typeof TOOLS)[N]['input']>, extra: Extra) => Promise<ToolResult> | ToolResult) => {
    const { description, input } = TOOLS[name];
    const schema = input as z.ZodObject;
    server.registerTool(name, { description, inputSchema: schema }, (args: Record<string, unknown>, extra: Extra) =>
      guarded(() => run(args as z.infer<(typeof TOOLS)[N]['input']>, extra)));
  };
  register('validate', () => tools.validate());
  register('add_card', (a) => tools.add_card(a));
  register('run', (a) => tools.run(a));
  register('wait', (a, extra) => {
    const token = extra._meta?.progressToken;
    return tools.wait(a, async (progress, total, message) => {
      if (token === undefined) return;
      await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress, total, message } });
    }, extra.signal);
  });
  register('status', () => tools.status());
  register('logs', (a) => tools.logs(a));
  register('report', (a) => tools.report(a));
  register('reset', (a) => tools.reset(a));
  registerResources(server, root);
  return server;
}

function registerResources(server: McpServer, root: string): void {
  const layout = layoutOf(root);
  server.registerResource('status', 'orch://status', { description: 'The status table of every card', mimeType: 'text/plain' }, (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'text/plain', text: renderStatusTerminal(readView(root).view, { color: false, width: 120 }) }],
  }));
  server.registerResource('report', 'orch://report', { description: 'The merged report of the last run', mimeType: 'text/markdown' }, async (uri) => {
    if (!fs.existsSync(layout.report)) {
      const { project, view } = readView(root);
      await writeReport(project.layout, view);
    }
    return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: fs.readFileSync(layout.report, 'utf8') }] };
  });
  const cards = new ResourceTemplate('orch://cards/{id}', {
    list: () => ({
      resources: readView(root).view.cards.map((c) => ({ uri: `orch://cards/${c.id}`, name: c.id, description: `${c.title} (${c.status})`, mimeType: 'text/markdown' })),
    }),
  });
  server.registerResource('card', cards, { description: 'A card as written, and its latest result', mimeType: 'text/markdown' }, (uri, variables) => {
    const id = String(variables.id);
    const { project, view } = readView(root);
    const card = project.graph.cards.get(id) ?? project.cards.find((c) => c.id === id);
    if (!card) throw new Error(`unknown card "${id}"`);
    const status = view.cards.find((c) => c.id === id)?.status ?? 'waiting';
    const written = fs.readFileSync(`${project.layout.root}/${card.file}`, 'utf8');
    let result = '(no result: the card is not done)';
    try {
      result = fs.readFileSync(resultPath(project.layout, id), 'utf8');
    } catch {
      // no result yet
    }
    return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: `${written}\n<!-- status: ${status} -->\n\n## Result\n\n${result}` }] };
  });
}
