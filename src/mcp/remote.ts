// The bot's MCP endpoint, wired to the bot's engine and logger. Loaded by src/main.ts only when a token is set,
// so a bot without one never loads the MCP SDK.

import { packageVersion } from '../cli/version.js';
import type { Logger } from '../log.js';
import { type McpHttpServer, startMcpHttpServer } from './http.js';
import { createMcpServer } from './server.js';
import type { ToolDeps } from './tools.js';

export interface RemoteMcpSettings {
  token: string;
  port: number;
  tools: ToolDeps;
  logger: Logger;
}

export function serveRemoteMcp(settings: RemoteMcpSettings): Promise<McpHttpServer> {
  const version = packageVersion();
  const log = settings.logger.child({ component: 'mcp' });
  return startMcpHttpServer({
    token: settings.token,
    port: settings.port,
    serverFor: () =>
      createMcpServer({
        ...settings.tools,
        version,
        onUnexpectedError: (err) => log.error({ err }, 'a diagnosis for an agent failed unexpectedly'),
      }),
    onError: (err) => log.error({ err }, 'MCP request failed'),
    onRefused: (status, reason) => log.warn({ status, reason }, 'refused an MCP request'),
  });
}
