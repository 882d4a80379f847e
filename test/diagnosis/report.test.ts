import { describe, expect, it } from 'vitest';
import { finding } from '../../src/diagnosis/checks/check.js';
import { buildReport, type RanCheck } from '../../src/diagnosis/report.js';
import type { Target } from '../../src/diagnosis/types.js';

const text = (cause: string) => ({ cause, fix: 'Fix it.', resources: [] });

const target: Target = {
  apiId: 'a1b2c3d4e5',
  region: 'us-east-1',
  stage: 'prod',
  accountId: null,
  urlForm: 'none',
  vpcId: 'vpc-0a1b2c3d',
  vpcEndpointIds: [],
};
const awsCalls = {
  apigateway: 3,
  ec2: 5,
  logs: 1,
  lambda: 0,
  cloudtrail: 0,
  sts: 0,
  route53resolver: 0,
  route53: 0,
};

function report(ran: RanCheck[]) {
  return buildReport({ target, ran, durationMs: 10, awsCalls });
}

const pass = (id: RanCheck['id']): RanCheck => ({
  id,
  outcome: { status: 'pass', findings: [] },
  durationMs: 1,
});

describe('buildReport', () => {
  it('is healthy when every check passed', () => {
    const r = report([pass('api'), pass('resource-policy')]);
    expect(r).toMatchObject({ schemaVersion: 1, verdict: 'healthy', primaryCause: null });
  });

  it('picks as primary cause the error earliest on the request path, not the first reported', () => {
    const r = report([
      {
        id: 'resource-policy',
        outcome: { status: 'fail', findings: [finding('POLICY_DENIES_VPCE', text('denied'), {})] },
        durationMs: 1,
      },
      {
        id: 'security-groups',
        outcome: { status: 'fail', findings: [finding('SG_ENDPOINT_NO_INGRESS_443', text('no 443'), {})] },
        durationMs: 1,
      },
    ]);
    expect(r.verdict).toBe('broken');
    expect(r.primaryCause).toBe('SG_ENDPOINT_NO_INGRESS_443');
    expect(r.findings.map((f) => f.code)).toEqual(['SG_ENDPOINT_NO_INGRESS_443', 'POLICY_DENIES_VPCE']);
  });

  it('is degraded with warnings only', () => {
    const r = report([
      {
        id: 'logging-config',
        outcome: { status: 'warn', findings: [finding('EXECUTION_LOGGING_DISABLED', text('off'), {})] },
        durationMs: 1,
      },
    ]);
    expect(r).toMatchObject({ verdict: 'degraded', primaryCause: null });
  });

  it('is inconclusive when a needed check could not run and no error was found', () => {
    const r = report([
      pass('api'),
      { id: 'security-groups', outcome: { status: 'error', findings: [], reason: 'x' }, durationMs: 1 },
    ]);
    expect(r.verdict).toBe('inconclusive');
    expect(r.checks[1]).toMatchObject({ id: 'security-groups', status: 'error', reason: 'x' });
  });

  it('is at most degraded when only the execution-log reading could not run', () => {
    const r = report([
      pass('api'),
      {
        id: 'execution-logs',
        outcome: { status: 'error', findings: [], reason: 'throttled' },
        durationMs: 1,
      },
    ]);
    expect(r.verdict).toBe('degraded');
  });

  it('reports one AWS_PERMISSION_MISSING per denied action, naming every check it starved', () => {
    const denied = (check: RanCheck['id']) =>
      finding('AWS_PERMISSION_MISSING', text('denied'), { action: 'ec2:DescribeVpcEndpoints' }, { check });
    const r = report([
      { id: 'vpc-endpoint', outcome: { status: 'error', findings: [denied('vpc-endpoint')] }, durationMs: 1 },
      {
        id: 'endpoint-policy',
        outcome: { status: 'error', findings: [denied('endpoint-policy')] },
        durationMs: 1,
      },
    ]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.evidence.checks).toEqual(['vpc-endpoint', 'endpoint-policy']);
  });
});
