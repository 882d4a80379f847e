// The remote MCP endpoint as AWS DevOps Agent or any Streamable HTTP client uses it: the real endpoint on
// loopback over the real engine (moto_server behind it), the bot's way — sharing and history around the engine —
// driven by the SDK's own Streamable HTTP client. Without the right bearer token a client gets nothing.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { seedScenario } from '../../scripts/seed-scenarios.mjs';
import { shareDiagnoses } from '../../src/diagnosis/shared-diagnoses.js';
import { createEngine } from '../../src/engine.js';
import { MAX_MCP_BODY_BYTES, type McpHttpServer, startMcpHttpServer } from '../../src/mcp/http.js';
import { createMcpServer } from '../../src/mcp/server.js';
import { historyIn, recordingDiagnoses } from '../../src/state/diagnosis-history.js';
import { MemoryStateStore } from '../../src/state/memory-store.js';
import { motoWithNock } from '../support/moto.js';

const moto = motoWithNock();
const TOKEN = 'test-token-0123456789abcdef0123456789abcdef';

interface Endpoint {
  url: URL;
  /** Diagnoses the engine actually ran (not shared). */
  started: () => number;
  refused: Array<{ status: number; reason: string }>;
}

let servers: McpHttpServer[] = [];
let clients: Client[] = [];
/** Failed history writes of the endpoints (the bot logs them): none is expected. */
let historyFailures: unknown[] = [];

afterEach(async () => {
  expect(historyFailures).toEqual([]);
  historyFailures = [];
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(servers.map((server) => server.close()));
  clients = [];
  servers = [];
});

/** The endpoint as src/main.ts builds it, over an engine that reads moto. */
async function startEndpoint(): Promise<Endpoint> {
  const engine = createEngine({ aws: { endpoint: moto().url, maxAttempts: 1 }, defaultRegion: 'us-east-1' });
  const history = historyIn(new MemoryStateStore());
  const shared = shareDiagnoses(
    recordingDiagnoses(engine, history, { onError: (error) => historyFailures.push(error) }),
    { reuseMs: 10_000 },
  );
  const refused: Endpoint['refused'] = [];
  const server = await startMcpHttpServer({
    token: TOKEN,
    port: 0,
    host: '127.0.0.1',
    serverFor: () =>
      createMcpServer({
        diagnose: shared.diagnose,
        defaultRegion: 'us-east-1',
        probeFunction: null,
        history,
        version: '0.0.0-test',
      }),
    onRefused: (status, reason) => refused.push({ status, reason }),
  });
  servers.push(server);
  return { url: new URL(`http://127.0.0.1:${server.port}/mcp`), started: () => shared.started, refused };
}

async function connect(url: URL, token: string | null): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: token === null ? {} : { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'remote-agent', version: '1.0.0' });
  clients.push(client);
  await client.connect(transport);
  return client;
}

function text(result: Awaited<ReturnType<Client['callTool']>>): string {
  return (result as CallToolResult).content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

function vpcOf(args: string[]): string {
  const vpc = args[args.indexOf('--vpc') + 1];
  if (!args.includes('--vpc') || vpc === undefined)
    throw new Error(`the scenario names no --vpc: ${args.join(' ')}`);
  return vpc;
}

describe('the MCP endpoint over Streamable HTTP', () => {
  it('refuses a client without a token: it cannot even initialise, and nothing is diagnosed', async () => {
    // Prepare
    const endpoint = await startEndpoint();

    // Act
    const connecting = connect(endpoint.url, null);

    // Assess
    await expect(connecting).rejects.toMatchObject({ code: 401 });
    expect(endpoint.started()).toBe(0);
    expect(endpoint.refused).toEqual([{ status: 401, reason: 'missing or wrong bearer token' }]);
  });

  it('refuses a wrong token, and tells nothing about the endpoint', async () => {
    // Prepare
    const endpoint = await startEndpoint();

    // Act
    const connecting = connect(endpoint.url, `${TOKEN}x`);
    const probing = await fetch(new URL('/anything', endpoint.url), {
      headers: { authorization: 'Bearer nope' },
    });

    // Assess
    await expect(connecting).rejects.toMatchObject({ code: 401 });
    expect(probing.status).toBe(401);
    expect(probing.headers.get('www-authenticate')).toBe('Bearer realm="apigw-diagnose"');
  });

  it('lists the tools for a client with the token', async () => {
    // Prepare
    const endpoint = await startEndpoint();
    const client = await connect(endpoint.url, TOKEN);

    // Act
    const { tools } = await client.listTools();

    // Assess
    expect(tools.map((tool) => tool.name)).toEqual([
      'diagnose_private_api',
      'explain_finding_code',
      'list_recent_diagnoses',
    ]);
  });

  it('diagnoses a seeded broken API correctly, and lists the diagnosis as recent', async () => {
    // Prepare
    const seeded = await seedScenario('policy-denies-vpce', moto().url);
    const endpoint = await startEndpoint();
    const client = await connect(endpoint.url, TOKEN);

    // Act
    const result = await client.callTool({
      name: 'diagnose_private_api',
      arguments: { target: seeded.target, vpcId: vpcOf(seeded.args), probe: false },
    });
    const recent = await client.callTool({
      name: 'list_recent_diagnoses',
      arguments: { apiId: seeded.apiId },
    });

    // Assess
    expect(result.isError, text(result)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      verdict: seeded.expected.verdict,
      primaryCause: { code: seeded.expected.primaryCause },
      target: { apiId: seeded.apiId, region: 'us-east-1' },
    });
    expect(recent.structuredContent).toMatchObject({
      diagnoses: [{ verdict: 'broken', primaryCause: 'POLICY_DENIES_VPCE' }],
    });
  });

  it('makes one diagnosis for many agents asking about one API at once', async () => {
    // Prepare
    const seeded = await seedScenario('policy-denies-vpce', moto().url);
    const endpoint = await startEndpoint();
    const agents = await Promise.all([1, 2, 3, 4, 5].map(() => connect(endpoint.url, TOKEN)));
    const args = { target: seeded.target, vpcId: vpcOf(seeded.args), probe: false };

    // Act
    const results = await Promise.all(
      agents.map((client) => client.callTool({ name: 'diagnose_private_api', arguments: args })),
    );

    // Assess
    for (const result of results) {
      expect(result.structuredContent).toMatchObject({ primaryCause: { code: 'POLICY_DENIES_VPCE' } });
    }
    expect(endpoint.started()).toBe(1);
  });

  it('answers bad input with a tool error and runs nothing', async () => {
    // Prepare
    const endpoint = await startEndpoint();
    const client = await connect(endpoint.url, TOKEN);

    // Act
    const result = await client.callTool({
      name: 'diagnose_private_api',
      arguments: { target: 'https://example.com/orders' },
    });

    // Assess
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('apigw-diagnose: the custom domain URL');
    expect(endpoint.started()).toBe(0);
  });

  it.each([
    ['a GET (no event stream)', { method: 'GET' }, 405],
    ['a body that is not JSON', { method: 'POST', body: '{"jsonrpc":' }, 400],
    ['a body past the bound', { method: 'POST', body: `"${'x'.repeat(MAX_MCP_BODY_BYTES)}"` }, 413],
  ])('refuses %s even with the token', async (_name, init, status) => {
    // Prepare
    const endpoint = await startEndpoint();

    // Act
    const response = await fetch(endpoint.url, {
      ...init,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
    });

    // Assess
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { message: expect.any(String) } });
  });

  it('answers nothing but 404 off the MCP path, even with the token', async () => {
    // Prepare
    const endpoint = await startEndpoint();

    // Act
    const response = await fetch(new URL('/healthz', endpoint.url), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });

    // Assess
    expect(response.status).toBe(404);
  });
});
