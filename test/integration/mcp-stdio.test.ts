// `apigw-diagnose mcp` as Claude Code or Amazon Q Developer runs it: the BUILT command started by the SDK's own
// stdio client, with the user's (dummy) credentials pointed at a seeded moto_server. It must list its tools,
// diagnose a seeded broken API correctly, answer bad input with a tool error, and — with the bot's state table —
// share one diagnosis between agents and list it as a recent diagnosis.

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedScenario } from '../../scripts/seed-scenarios.mjs';
import { motoWithNock } from '../support/moto.js';
import { createStateTable } from '../support/state-table.js';
import { assertCliBuilt, awsEnvFor, CLI_PATH } from './built-cli.js';

const moto = motoWithNock();

let open: Client[] = [];
afterEach(async () => {
  await Promise.all(open.map((client) => client.close()));
  open = [];
});

/** Starts the built `apigw-diagnose mcp` as a local MCP client does, and connects to it. */
async function startAgent(
  extraEnv: Record<string, string> = {},
): Promise<{ client: Client; stderr: () => string }> {
  const env = { ...awsEnvFor(moto().url), ...extraEnv } as Record<string, string>;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_PATH, 'mcp'],
    env,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(transport);
  open.push(client);
  return { client, stderr: () => stderr };
}

function text(result: Awaited<ReturnType<Client['callTool']>>): string {
  return (result as CallToolResult).content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

/** The seeded scenario's caller VPC, from the CLI arguments the seed gives. */
function vpcOf(args: string[]): string {
  const at = args.indexOf('--vpc');
  const vpc = args[at + 1];
  if (at === -1 || vpc === undefined) throw new Error(`the scenario names no --vpc: ${args.join(' ')}`);
  return vpc;
}

describe('apigw-diagnose mcp (stdio, built) against a seeded moto_server', () => {
  beforeAll(() => {
    assertCliBuilt();
  });

  it('lists its tools, without the recent diagnoses when no state table is named', async () => {
    // Prepare
    const { client } = await startAgent();

    // Act
    const { tools } = await client.listTools();

    // Assess
    expect(tools.map((tool) => tool.name)).toEqual(['diagnose_private_api', 'explain_finding_code']);
    expect(client.getServerVersion()).toMatchObject({ name: 'apigw-diagnose' });
  });

  it('finds that the resource policy denies the caller VPC endpoint, with the evidence', async () => {
    // Prepare
    const seeded = await seedScenario('policy-denies-vpce', moto().url);
    const { client, stderr } = await startAgent();

    // Act
    const result = await client.callTool({
      name: 'diagnose_private_api',
      arguments: { target: seeded.target, region: 'us-east-1', vpcId: vpcOf(seeded.args), probe: false },
    });

    // Assess
    expect(result.isError, `${text(result)}\nstderr: ${stderr()}`).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      verdict: seeded.expected.verdict,
      target: { apiId: seeded.apiId, region: 'us-east-1' },
      primaryCause: { code: seeded.expected.primaryCause, severity: 'error' },
    });
    const output = result.structuredContent as { evidence: Record<string, unknown>; fix: string | null };
    expect(Object.keys(output.evidence).length).toBeGreaterThan(0);
    expect(output.fix).toEqual(expect.any(String));
    expect(text(result)).toContain(`Primary cause: ${seeded.expected.primaryCause}`);
  });

  it('answers a malformed VPC id with a tool error in the CLI words, and keeps serving', async () => {
    // Prepare
    const { client } = await startAgent();

    // Act
    const bad = await client.callTool({
      name: 'diagnose_private_api',
      arguments: { target: 'a1b2c3d4e5', vpcId: 'my-vpc' },
    });
    const after = await client.callTool({
      name: 'explain_finding_code',
      arguments: { code: 'VPCE_MISSING' },
    });

    // Assess
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain('apigw-diagnose: --vpc "my-vpc" is not a VPC id');
    expect(after.isError).toBeFalsy();
  });

  it("with the bot's state table, two agents asking at once share one diagnosis, listed as recent", async () => {
    // Prepare
    const table = await createStateTable(
      new DynamoDBClient({ endpoint: moto().url, region: 'us-east-1', maxAttempts: 1 }),
      'apigw-diagnose-state',
    );
    const seeded = await seedScenario('policy-denies-vpce', moto().url);
    const agents = await Promise.all([
      startAgent({ STATE_TABLE: table }),
      startAgent({ STATE_TABLE: table }),
    ]);
    const args = { target: seeded.target, region: 'us-east-1', vpcId: vpcOf(seeded.args), probe: false };

    // Act
    const results = await Promise.all(
      agents.map(({ client }) => client.callTool({ name: 'diagnose_private_api', arguments: args })),
    );
    const [first] = agents;
    if (!first) throw new Error('no agent started');
    const recent = await first.client.callTool({
      name: 'list_recent_diagnoses',
      arguments: { apiId: seeded.apiId, region: 'us-east-1' },
    });

    // Assess
    for (const result of results) {
      expect(result.structuredContent).toMatchObject({ primaryCause: { code: 'POLICY_DENIES_VPCE' } });
    }
    expect(recent.isError, text(recent)).toBeFalsy();
    expect(recent.structuredContent).toMatchObject({
      apiId: seeded.apiId,
      diagnoses: [{ verdict: 'broken', primaryCause: 'POLICY_DENIES_VPCE' }],
    });
    expect((recent.structuredContent as { diagnoses: unknown[] }).diagnoses).toHaveLength(1);
  });
});
