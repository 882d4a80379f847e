// The engine through the real SDK clients against moto_server, with nock standing in for AWS only where it fails:
// one call denied, throttled or hanging, every other call answered by moto. What must hold: the check that lost its
// input says `error` (never `pass`), the denied IAM action is named, and a throttled call is retried.

import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { REGION, seedScenario } from '../../scripts/seed-scenarios.mjs';
import { createAwsPorts } from '../../src/aws/ports.js';
import { diagnose } from '../../src/diagnosis/diagnose.js';
import type { DiagnosisRequest, Report } from '../../src/diagnosis/types.js';
import { type MotoServer, startMoto } from '../support/moto.js';

let moto: MotoServer;

beforeAll(async () => {
  moto = await startMoto();
});

afterAll(async () => {
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  vi.restoreAllMocks();
});

async function healthyRequest(): Promise<DiagnosisRequest> {
  const seeded = await seedScenario('healthy', moto.url);
  return {
    apiId: seeded.apiId,
    region: REGION,
    stage: seeded.stage,
    urlForm: 'none',
    url: null,
    vpcId: null,
    vpceId: null,
    customDomain: null,
    callerSecurityGroupIds: [],
    sinceMs: 15 * 60_000,
    probe: false,
  };
}

/** Intercepts one EC2 action on moto's address; every other request goes through to moto. */
function ec2Action(action: string) {
  // nock hands a form-encoded body over already parsed.
  return nock(moto.url, { allowUnmocked: true }).post(
    '/',
    (body: Record<string, string>) => body.Action === action,
  );
}

function run(
  request: DiagnosisRequest,
  options: { maxAttempts?: number; requestTimeoutMs?: number } = {},
): Promise<Report> {
  return diagnose(request, createAwsPorts(REGION, { endpoint: moto.url, maxAttempts: 1, ...options }));
}

const UNAUTHORIZED = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>req-denied</RequestID></Response>`;

describe('the engine when one AWS call fails', () => {
  it('names the denied IAM action and reports the security-group check as error, never pass', async () => {
    // Prepare
    const request = await healthyRequest();
    const denied = ec2Action('DescribeSecurityGroups').reply(403, UNAUTHORIZED);

    // Act
    const report = await run(request);

    // Assess
    denied.done();
    expect(report.checks.find((c) => c.id === 'security-groups')).toMatchObject({ status: 'error' });
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        code: 'AWS_PERMISSION_MISSING',
        evidence: expect.objectContaining({ action: 'ec2:DescribeSecurityGroups' }),
      }),
    );
    expect(report.verdict).toBe('inconclusive');
    expect(report.primaryCause).toBeNull();
  });

  it('retries a throttled call and still reaches the right verdict', async () => {
    // Prepare: no backoff jitter, so the retry is immediate.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const request = await healthyRequest();
    const throttled = ec2Action('DescribeNetworkAcls').reply(
      503,
      '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors></Response>',
    );

    // Act
    const report = await run(request, { maxAttempts: 2 });

    // Assess
    throttled.done();
    expect(report.checks.find((c) => c.id === 'network-acls')).toMatchObject({ status: 'pass' });
    // nock's pass-through to moto fails for the Route 53 Resolver client (3.654.0, an older HTTP handler) while
    // an EC2 interceptor sits on moto's address: that check's `error` is this test's artefact, not the engine's.
    const others = report.checks.filter((c) => c.id !== 'dns-rules');
    expect(others.filter((c) => c.status === 'error' || c.status === 'fail')).toEqual([]);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('reports a call that hangs past its timeout as error with the reason', async () => {
    // Prepare
    const request = await healthyRequest();
    const hanging = ec2Action('DescribeNetworkAcls').delay(2_000).reply(200, '<x/>');

    // Act
    const report = await run(request, { requestTimeoutMs: 300 });

    // Assess
    hanging.done();
    const acls = report.checks.find((c) => c.id === 'network-acls');
    expect(acls?.status).toBe('error');
    expect(acls?.reason).toMatch(/timed out/);
    expect(report.verdict).toBe('inconclusive');
  });
});
