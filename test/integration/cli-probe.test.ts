// The engine and the in-VPC probe end to end: the built CLI against moto_server, with a probe function deployed
// under the discovery name and moto's Lambda (no Docker) answering with canned probe payloads.

import {
  CloudWatchLogsClient,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REGION, seedScenario } from '../../scripts/seed-scenarios.mjs';
import type { Report } from '../../src/diagnosis/types.js';
import type { ProbeOutput } from '../../src/probe/schema.js';
import {
  createRole,
  placeholderZip,
  queueLambdaResults,
  useLambdaWithoutDocker,
} from '../probe/moto-lambda.js';
import { type MotoServer, startMoto } from '../support/moto.js';
import { assertCliBuilt, awsEnvFor, runBuiltCli } from './built-cli.js';

let moto: MotoServer;

beforeAll(async () => {
  assertCliBuilt();
  moto = await startMoto();
});

afterAll(async () => {
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
  await useLambdaWithoutDocker(moto.url);
});

/** Seeds the healthy private API and deploys a probe for its VPC; returns what the payloads need. */
async function healthyApiWithProbe() {
  const seeded = await seedScenario('healthy', moto.url);
  const ec2 = new EC2Client({ region: REGION, endpoint: moto.url, maxAttempts: 1 });
  const lambda = new LambdaClient({ region: REGION, endpoint: moto.url, maxAttempts: 1 });
  try {
    const vpcs = await ec2.send(new DescribeVpcsCommand({ VpcIds: [seeded.vpcId] }));
    const cidr = vpcs.Vpcs?.[0]?.CidrBlock ?? '';
    const prefix = cidr.split('.').slice(0, 2).join('.');
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: `apigw-diagnose-probe-${seeded.vpcId}`,
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        Role: await createRole(moto.url, 'apigw-diagnose-probe'),
        Code: { ZipFile: placeholderZip() },
      }),
    );
    if (!seeded.vpceId) throw new Error('the healthy scenario lost its VPC endpoint');
    return { ...seeded, vpceId: seeded.vpceId, endpointAddresses: [`${prefix}.1.10`, `${prefix}.2.10`] };
  } finally {
    ec2.destroy();
    lambda.destroy();
  }
}

function payload(
  apiId: string,
  vpceId: string,
  addresses: string[],
  overrides: Partial<ProbeOutput>,
): ProbeOutput {
  const privateName = `${apiId}.execute-api.${REGION}.amazonaws.com`;
  return {
    schemaVersion: 1,
    apiId,
    region: REGION,
    startedAt: new Date().toISOString(),
    ms: 3100,
    budgetMs: 22000,
    dns: [
      { name: privateName, role: 'private-dns', vpceId: null, addresses, errorCode: null, ms: 4 },
      {
        name: `${vpceId}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com`,
        role: 'endpoint',
        vpceId,
        addresses,
        errorCode: null,
        ms: 3,
      },
    ],
    tcp: addresses.map((address) => ({ address, port: 443, ok: true, errorCode: null, ms: 2 })),
    http: [
      {
        url: `https://${privateName}/prod/`,
        form: 'private-dns',
        address: addresses[0] ?? null,
        headersSent: { host: privateName },
        status: 200,
        errorType: null,
        message: null,
        tlsVersion: 'TLSv1.3',
        requestId: 'req-ok',
        errorCode: null,
        ms: 40,
      },
    ],
    ...overrides,
  };
}

/** Writes lines into the stage's execution-log group (the healthy seed created it), as API Gateway would. */
async function writeLogLines(apiId: string, lines: string[]): Promise<void> {
  const logs = new CloudWatchLogsClient({ region: REGION, endpoint: moto.url, maxAttempts: 1 });
  const logGroupName = `API-Gateway-Execution-Logs_${apiId}/prod`;
  const logStreamName = `probe-${Date.now()}`;
  try {
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName }));
    const now = Date.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName,
        logStreamName,
        logEvents: lines.map((message, index) => ({ timestamp: now + index, message })),
      }),
    );
  } finally {
    logs.destroy();
  }
}

/** The probe's call answered 403 Forbidden with this request id. */
function forbidden(step: ProbeOutput['http'][number], requestId: string): ProbeOutput['http'][number] {
  return { ...step, status: 403, errorType: 'ForbiddenException', message: 'Forbidden', requestId };
}

async function diagnoseWithProbe(apiId: string, args: string[]): Promise<Report> {
  const run = await runBuiltCli([apiId, '--region', REGION, '--json', ...args], awsEnvFor(moto.url));
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Report;
}

describe('a diagnosis with a deployed in-VPC probe', () => {
  it("reports the article's port-443 test as PROBE_TCP_TIMEOUT with each address as evidence", async () => {
    // Prepare
    const api = await healthyApiWithProbe();
    const [first = '', second = ''] = api.endpointAddresses;
    const timedOut = (address: string) => ({
      address,
      port: 443,
      ok: false,
      errorCode: 'ETIMEDOUT',
      ms: 3000,
    });
    await queueLambdaResults(moto.url, [
      JSON.stringify(
        payload(api.apiId, api.vpceId, api.endpointAddresses, {
          tcp: [timedOut(first), timedOut(second)],
          http: [],
        }),
      ),
    ]);

    // Act
    const report = await diagnoseWithProbe(api.apiId, api.args);

    // Assess
    expect(report.verdict).toBe('broken');
    expect(report.primaryCause).toBe('PROBE_TCP_TIMEOUT');
    const tcp = report.findings.find((f) => f.code === 'PROBE_TCP_TIMEOUT');
    expect(JSON.stringify(tcp?.evidence)).toContain(first);
    expect(report.checks.find((c) => c.id === 'probe')?.status).toBe('fail');
    expect(report.stats.awsCalls.lambda).toBe(2);
  });

  it("reports the article's nslookup comparison as PROBE_DNS_PUBLIC when the private name resolves publicly", async () => {
    // Prepare
    const api = await healthyApiWithProbe();
    const output = payload(api.apiId, api.vpceId, api.endpointAddresses, {});
    const [privateName, endpointName] = output.dns;
    if (!privateName || !endpointName) throw new Error('fixture lost its DNS steps');
    output.dns = [{ ...privateName, addresses: ['3.5.140.2', '52.94.1.7'] }, endpointName];
    output.http = output.http.map((h) => forbidden(h, 'req-403'));
    await queueLambdaResults(moto.url, [JSON.stringify(output)]);

    // Act
    const report = await diagnoseWithProbe(api.apiId, api.args);

    // Assess
    expect(report.verdict).toBe('broken');
    expect(report.primaryCause).toBe('PROBE_DNS_PUBLIC');
    expect(report.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['PROBE_DNS_PUBLIC', 'PROBE_DNS_MISMATCH', 'PROBE_HTTP_FORBIDDEN']),
    );
    expect(
      JSON.stringify(report.findings.find((f) => f.code === 'PROBE_HTTP_FORBIDDEN')?.evidence),
    ).toContain('req-403');
  });

  it('says the fault is specific to the caller when the probe gets an answer', async () => {
    // Prepare
    const api = await healthyApiWithProbe();
    await writeLogLines(api.apiId, ['(req-ok) Method completed with status: 200']);
    await queueLambdaResults(moto.url, [
      JSON.stringify(payload(api.apiId, api.vpceId, api.endpointAddresses, {})),
    ]);

    // Act
    const report = await diagnoseWithProbe(api.apiId, api.args);

    // Assess
    expect(report.verdict).toBe('healthy');
    expect(report.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['PROBE_HTTP_OK', 'PROBE_REQUEST_IN_LOGS']),
    );
  });

  it("finds the probe's refused request in the execution logs by its request id and quotes the refusal", async () => {
    // Prepare
    const api = await healthyApiWithProbe();
    const id = '6f1c2c3e-aaaa-4bbb-8ccc-000000000403';
    await writeLogLines(api.apiId, [
      `(${id}) Extended Request Id: Ab12CdEFvTw=`,
      `(${id}) User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${REGION}:123456789012:${api.apiId}/prod/GET/`,
      '(someone-else) Method completed with status: 200',
    ]);
    const output = payload(api.apiId, api.vpceId, api.endpointAddresses, {});
    output.http = output.http.map((h) => forbidden(h, id));
    await queueLambdaResults(moto.url, [JSON.stringify(output)]);

    // Act
    const report = await diagnoseWithProbe(api.apiId, api.args);

    // Assess
    const found = report.findings.find((f) => f.code === 'PROBE_REQUEST_IN_LOGS');
    expect(found?.detail).toContain('was refused by the resource policy');
    expect(JSON.stringify(found?.evidence)).toContain('User: anonymous is not authorized');
    expect(JSON.stringify(found?.evidence)).not.toContain('someone-else');
  });

  it("says the probe's request never reached this API when its id is not in the INFO-level logs", async () => {
    // Prepare
    const api = await healthyApiWithProbe();
    const output = payload(api.apiId, api.vpceId, api.endpointAddresses, {});
    output.http = output.http.map((h) => forbidden(h, 'req-public-front-door'));
    await queueLambdaResults(moto.url, [JSON.stringify(output)]);

    // Act
    const report = await diagnoseWithProbe(api.apiId, api.args);

    // Assess
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'PROBE_REQUEST_NOT_IN_LOGS', severity: 'warning' }),
      ]),
    );
  });

  it('reports the probe check as error, never pass, when the probe answers garbage', async () => {
    // Prepare
    const api = await healthyApiWithProbe();
    await queueLambdaResults(moto.url, ['{"not":"a probe output"}']);

    // Act
    const report = await diagnoseWithProbe(api.apiId, api.args);

    // Assess
    expect(report.checks.find((c) => c.id === 'probe')).toMatchObject({ status: 'error' });
    expect(report.verdict).toBe('inconclusive');
  });
});
