// The tools as an MCP client sees them, through the SDK's own Client and Server joined in memory, over a stub
// engine that records what it was asked: names and schemas, how arguments become the CLI's request, and that
// bad input comes back as a tool error in the CLI's words without reaching the engine.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiagnosisRequest, Report } from '../../src/diagnosis/types.js';
import { createMcpServer } from '../../src/mcp/server.js';
import { TOOL_NAMES, type ToolDeps } from '../../src/mcp/tools.js';
import { historyIn } from '../../src/state/diagnosis-history.js';
import { MemoryStateStore } from '../../src/state/memory-store.js';
import { API_ID, brokenReport, healthyReport } from '../slack/fixtures.js';

interface Harness {
  client: Client;
  asked: DiagnosisRequest[];
  probeOptions: Array<{ probeFunction?: string }>;
}

let open: Client[] = [];
afterEach(async () => {
  await Promise.all(open.map((client) => client.close()));
  open = [];
});

async function connect(
  overrides: Partial<ToolDeps> = {},
  answer: (request: DiagnosisRequest) => Promise<Report> = async () => brokenReport(),
): Promise<Harness> {
  const asked: DiagnosisRequest[] = [];
  const probeOptions: Array<{ probeFunction?: string }> = [];
  const server = createMcpServer({
    diagnose: (request, options = {}) => {
      asked.push(request);
      probeOptions.push(options);
      return answer(request);
    },
    defaultRegion: 'eu-west-1',
    probeFunction: null,
    history: null,
    version: '9.9.9',
    ...overrides,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  open.push(client);
  return { client, asked, probeOptions };
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  return (result as CallToolResult).content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

describe('the MCP tools', () => {
  it('lists diagnose and explain, read-only, with names of at most 64 characters and an output schema', async () => {
    // Prepare
    const { client } = await connect();

    // Act
    const { tools } = await client.listTools();

    // Assess
    expect(tools.map((tool) => tool.name)).toEqual([TOOL_NAMES.diagnose, TOOL_NAMES.explain]);
    for (const tool of tools) {
      expect(tool.name.length).toBeLessThanOrEqual(64);
      expect(tool.name).toMatch(/^[a-z_]+$/);
      expect(tool.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
      expect(tool.outputSchema).toBeDefined();
    }
    const diagnose = tools.find((tool) => tool.name === TOOL_NAMES.diagnose);
    expect(diagnose?.inputSchema.required).toEqual(['target']);
    expect(Object.keys(diagnose?.outputSchema?.properties ?? {})).toEqual(
      expect.arrayContaining(['verdict', 'primaryCause', 'fix', 'evidence', 'findings', 'checksNotRun']),
    );
  });

  it('offers the recent diagnoses only when the process keeps a history', async () => {
    // Prepare
    const { client } = await connect({ history: historyIn(new MemoryStateStore()) });

    // Act
    const { tools } = await client.listTools();

    // Assess
    expect(tools.map((tool) => tool.name)).toContain(TOOL_NAMES.recent);
  });

  it('turns every hint into the request the CLI would make for the same options', async () => {
    // Prepare
    const { client, asked } = await connect();

    // Act
    const result = await client.callTool({
      name: TOOL_NAMES.diagnose,
      arguments: {
        target: `https://${API_ID}.execute-api.us-east-1.amazonaws.com/prod/orders`,
        account: '111122223333',
        vpcId: 'vpc-0a1b2c3d',
        vpceId: 'vpce-0a1b2c3d',
        securityGroupIds: ['sg-0123abcd', 'sg-4567ef01'],
        method: 'post',
        probe: false,
      },
    });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(asked).toEqual([
      expect.objectContaining({
        apiId: API_ID,
        region: 'us-east-1',
        stage: 'prod',
        urlForm: 'private-dns',
        accountId: '111122223333',
        vpcId: 'vpc-0a1b2c3d',
        vpceId: 'vpce-0a1b2c3d',
        callerSecurityGroupIds: ['sg-0123abcd', 'sg-4567ef01'],
        method: 'POST',
        probe: false,
      }),
    ]);
  });

  it('uses the server default region and the configured probe function when the agent names neither', async () => {
    // Prepare
    const { client, asked, probeOptions } = await connect({ probeFunction: 'apigw-diagnose-probe-x' });

    // Act
    await client.callTool({ name: TOOL_NAMES.diagnose, arguments: { target: API_ID } });

    // Assess
    expect(asked[0]).toMatchObject({ apiId: API_ID, region: 'eu-west-1', probe: true });
    expect(probeOptions).toEqual([{ probeFunction: 'apigw-diagnose-probe-x' }]);
  });

  it('returns the verdict, primary cause, fix and evidence as structured content and a short summary', async () => {
    // Prepare
    const { client } = await connect();

    // Act
    const result = await client.callTool({ name: TOOL_NAMES.diagnose, arguments: { target: API_ID } });

    // Assess
    expect(result.structuredContent).toMatchObject({
      verdict: 'broken',
      primaryCause: { code: 'POLICY_DENIES_VPCE', severity: 'error' },
      evidence: { callerVpce: 'vpce-0abc1234def567890' },
      findings: [{ code: 'POLICY_DENIES_VPCE' }, { code: 'EXECUTION_LOGGING_DISABLED' }],
    });
    const text = textOf(result);
    expect(text).toMatch(/^BROKEN: API a1b2c3d4e5/);
    expect(text).toContain('Primary cause: POLICY_DENIES_VPCE');
    expect(text).toContain('Also found: EXECUTION_LOGGING_DISABLED (warning)');
    expect(text.split('\n').length).toBeLessThanOrEqual(6);
  });

  it.each([
    ['a target that is neither an id nor a URL', { target: 'orders-api' }, 'is neither a REST API id'],
    [
      'a malformed stage',
      { target: API_ID, stage: 'prod stage' },
      '--stage "prod stage" is not a stage name',
    ],
    ['an account id of the wrong length', { target: API_ID, account: '1234' }, 'is not an AWS account id'],
    ['a security group that is not one', { target: API_ID, securityGroupIds: ['default'] }, '--sg "default"'],
    ['a target that reads as an option', { target: '--json' }, 'is neither a REST API id'],
    ['the word help as target', { target: 'help' }, 'is neither a REST API id'],
    [
      'a region that conflicts with the URL',
      { target: `https://${API_ID}.execute-api.us-east-1.amazonaws.com/prod`, region: 'eu-west-1' },
      'conflicting region',
    ],
  ])('answers %s with a tool error in the CLI words and runs nothing', async (_name, args, words) => {
    // Prepare
    const { client, asked } = await connect();

    // Act
    const result = await client.callTool({ name: TOOL_NAMES.diagnose, arguments: args });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(`apigw-diagnose: `);
    expect(textOf(result)).toContain(words);
    expect(asked).toEqual([]);
  });

  it('refuses arguments past their size bound before parsing them', async () => {
    // Prepare
    const { client, asked } = await connect();

    // Act
    const result = await client.callTool({
      name: TOOL_NAMES.diagnose,
      arguments: { target: API_ID, stage: 'x'.repeat(129) },
    });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/stage/);
    expect(asked).toEqual([]);
  });

  it("says AWS could not be reached in the CLI's words", async () => {
    // Prepare
    const unreachable = Object.assign(new Error('could not reach AWS in eu-west-1: connect ECONNREFUSED'), {
      name: 'AwsUnreachableError',
    });
    const { client } = await connect({}, async () => {
      throw unreachable;
    });

    // Act
    const result = await client.callTool({ name: TOOL_NAMES.diagnose, arguments: { target: API_ID } });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('apigw-diagnose: could not reach AWS in eu-west-1: connect ECONNREFUSED');
  });

  it('reports an unexpected engine failure as a tool error, not a protocol failure, and tells the server', async () => {
    // Prepare
    const told: unknown[] = [];
    const { client } = await connect({ onUnexpectedError: (error) => told.push(error) }, async () => {
      throw new Error('boom');
    });

    // Act
    const result = await client.callTool({ name: TOOL_NAMES.diagnose, arguments: { target: API_ID } });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('apigw-diagnose: unexpected error: boom');
    expect(told).toEqual([new Error('boom')]);
  });

  it('explains a finding code from the catalogue, whatever its case', async () => {
    // Prepare
    const { client } = await connect();

    // Act
    const result = await client.callTool({
      name: TOOL_NAMES.explain,
      arguments: { code: 'private_dns_disabled' },
    });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      code: 'PRIVATE_DNS_DISABLED',
      check: 'private-dns',
      slackFixes: [{ id: 'enable-private-dns', label: expect.any(String) }],
    });
  });

  it('answers an unknown finding code with the list of known ones', async () => {
    // Prepare
    const { client } = await connect();

    // Act
    const result = await client.callTool({ name: TOOL_NAMES.explain, arguments: { code: 'NOT_A_CODE' } });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('unknown finding code "NOT_A_CODE"');
    expect(textOf(result)).toContain('POLICY_DENIES_VPCE');
  });

  it('lists the recent diagnoses of an API, newest first', async () => {
    // Prepare
    const history = historyIn(new MemoryStateStore());
    await history.record(brokenReport(), Date.UTC(2026, 11, 6, 10, 0, 0));
    await history.record(healthyReport(), Date.UTC(2026, 11, 6, 10, 5, 0));
    const { client } = await connect({ history, defaultRegion: 'us-east-1' });

    // Act
    const result = await client.callTool({ name: TOOL_NAMES.recent, arguments: { apiId: API_ID } });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      apiId: API_ID,
      region: 'us-east-1',
      diagnoses: [
        { finishedAt: '2026-12-06T10:05:00.000Z', verdict: 'healthy', primaryCause: null },
        {
          finishedAt: '2026-12-06T10:00:00.000Z',
          verdict: 'broken',
          primaryCause: 'POLICY_DENIES_VPCE',
          problems: ['POLICY_DENIES_VPCE', 'EXECUTION_LOGGING_DISABLED'],
        },
      ],
    });
  });

  it('answers a malformed API id for the recent diagnoses with a tool error', async () => {
    // Prepare
    const { client } = await connect({ history: historyIn(new MemoryStateStore()) });

    // Act
    const result = await client.callTool({ name: TOOL_NAMES.recent, arguments: { apiId: 'Orders API' } });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('apiId "Orders API" is not a REST API id');
  });
});
