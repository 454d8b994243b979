import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createOrchServer } from '../../mcp/server.js';
import type { Io } from '../io.js';

/** `orch mcp`: serve MCP over stdio until the client closes the connection. */
export async function mcpCommand(io: Io): Promise<number> {
  const server = createOrchServer(io.cwd);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
  process.stdin.on('end', () => void server.close());
  await server.connect(transport);
  await closed;
  return 0;
}
