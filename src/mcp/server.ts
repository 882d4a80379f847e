// One MCP server over the diagnosis engine: the tools of tools.ts, whichever transport carries them (stdio for
// a local client, Streamable HTTP for remote agents).

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerTools, type ToolDeps } from './tools.js';

export interface McpServerDeps extends ToolDeps {
  version: string;
}

/** Read by the client when it connects: when to reach for these tools, and that none of them changes AWS. */
const INSTRUCTIONS =
  'apigw-diagnose finds why clients inside an AWS VPC cannot reach a private Amazon API Gateway REST API. ' +
  'Call diagnose_private_api with the API id or the failing URL (plus the caller VPC or endpoint when known); ' +
  'it reads AWS and never changes it: apply a returned fix only through a human.';

export function createMcpServer(deps: McpServerDeps): McpServer {
  const server = new McpServer(
    { name: 'apigw-diagnose', version: deps.version },
    { instructions: INSTRUCTIONS },
  );
  registerTools(server, deps);
  return server;
}
