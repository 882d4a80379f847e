// The MCP endpoint for remote agents (AWS DevOps Agent and other clients of Streamable HTTP): POST /mcp on a
// port of its own, in the bot's process so that agents share the bot's engine — its pacing, its single-flight
// and its state. Every request must carry the bearer token before anything else is looked at; the body is
// bounded; each request gets a fresh stateless server (no sessions to keep or to steal), answered in JSON.

import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { listen } from '../listen.js';
import { bearerMatches } from './bearer.js';

export const MCP_PATH = '/mcp';
/** A tool call is a few hundred bytes; the diagnose tool's largest arguments fit many times over. */
export const MAX_MCP_BODY_BYTES = 64 * 1024;

export interface McpHttpOptions {
  /** The bearer token every request must present (APIGW_DIAGNOSE_MCP_TOKEN). */
  token: string;
  /** A server with the tools, one per request. */
  serverFor: () => McpServer;
  maxBodyBytes?: number;
  /** Told of a request that failed inside the transport (the client gets a JSON-RPC internal error). */
  onError?: (error: unknown) => void;
  /** Told of every refused request (no or wrong token, wrong method, body too large). */
  onRefused?: (status: number, reason: string) => void;
}

export interface McpHttpServer {
  port: number;
  /** Stops accepting requests; resolves when the running ones are answered, or cut after `drainMs`. */
  close(drainMs?: number): Promise<void>;
}

export function mcpRequestListener(options: McpHttpOptions): RequestListener {
  return (req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) reply(res, 500, jsonRpcError(-32603, 'internal error'));
      else res.end();
    });
  };
}

export async function startMcpHttpServer(
  options: McpHttpOptions & { port: number; host?: string },
): Promise<McpHttpServer> {
  const server = createServer(mcpRequestListener(options));
  await listen(server, options.port, options.host);
  return {
    port: (server.address() as AddressInfo).port,
    close: (drainMs = 20_000) =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), drainMs).unref();
      }),
  };
}

async function handle(options: McpHttpOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // The token first: without it, not even whether the path or method exists is answered.
  if (!bearerMatches(req.headers.authorization, options.token)) {
    return refuse(options, req, res, 401, 'missing or wrong bearer token', {
      'www-authenticate': 'Bearer realm="apigw-diagnose"',
    });
  }
  if (new URL(req.url ?? '/', 'http://localhost').pathname !== MCP_PATH) {
    return refuse(options, req, res, 404, `not found: the MCP endpoint is ${MCP_PATH}`);
  }
  // Stateless: no event stream to open (GET) and no session to end (DELETE).
  if (req.method !== 'POST') {
    return refuse(options, req, res, 405, 'method not allowed: POST only', { allow: 'POST' });
  }
  const limit = options.maxBodyBytes ?? MAX_MCP_BODY_BYTES;
  const raw = await readBody(req, limit);
  if (raw === null) return refuse(options, req, res, 413, `request body larger than ${limit} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    options.onRefused?.(400, 'body is not JSON');
    return reply(res, 400, jsonRpcError(-32700, 'parse error: the body is not JSON'));
  }

  const server = options.serverFor();
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

function refuse(
  options: McpHttpOptions,
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  reason: string,
  headers: Record<string, string> = {},
): void {
  options.onRefused?.(status, reason);
  // Whatever the client still sends is read and dropped, and the connection is not reused.
  req.resume();
  reply(res, status, jsonRpcError(-32000, reason), { ...headers, connection: 'close' });
}

/** The body as text, or null as soon as it grows past `limit` bytes (the rest is then discarded). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function jsonRpcError(code: number, message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
}

function reply(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}
