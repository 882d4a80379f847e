import { describe, expect, it } from 'vitest';
import { noCalls } from '../../src/diagnosis/call-counter.js';
import type { FindingCode } from '../../src/diagnosis/catalogue.js';
import { finding, type TextFor } from '../../src/diagnosis/checks/check.js';
import { CORROBORATION_RULES, corroborate } from '../../src/diagnosis/corroboration.js';
import { buildReport, type RanCheck } from '../../src/diagnosis/report.js';
import type { Finding, Severity, Target } from '../../src/diagnosis/types.js';

const silence = () =>
  finding(
    'NO_REQUESTS_REACHED_API',
    { cause: 'no log event', fix: 'Look.', resources: [] },
    { logGroup: 'g' },
  );
const at = (code: FindingCode, severity: Severity) =>
  finding(
    code,
    { cause: `${code} detail.`, fix: null, resources: [] } as TextFor<typeof code>,
    { id: 1 },
    { severity },
  );

describe('corroborate', () => {
  it.each<[string, Finding[], FindingCode, Severity, FindingCode[] | undefined]>([
    [
      'private DNS off + silence',
      [at('PRIVATE_DNS_DISABLED', 'warning'), silence()],
      'PRIVATE_DNS_DISABLED',
      'error',
      ['NO_REQUESTS_REACHED_API'],
    ],
    [
      'private DNS off without silence',
      [at('PRIVATE_DNS_DISABLED', 'warning')],
      'PRIVATE_DNS_DISABLED',
      'warning',
      undefined,
    ],
    [
      'private DNS off, not on the path (info)',
      [at('PRIVATE_DNS_DISABLED', 'info'), silence()],
      'PRIVATE_DNS_DISABLED',
      'info',
      undefined,
    ],
    [
      'custom DNS servers + silence',
      [at('VPC_CUSTOM_DNS_SERVERS', 'warning'), silence()],
      'VPC_CUSTOM_DNS_SERVERS',
      'error',
      ['NO_REQUESTS_REACHED_API'],
    ],
    [
      'DNS attributes off (warning) + silence',
      [at('VPC_DNS_ATTRIBUTES_DISABLED', 'warning'), silence()],
      'VPC_DNS_ATTRIBUTES_DISABLED',
      'error',
      ['NO_REQUESTS_REACHED_API'],
    ],
    [
      'public API shadowed + silence',
      [at('PUBLIC_API_SHADOWED_BY_PRIVATE_DNS', 'warning'), silence()],
      'PUBLIC_API_SHADOWED_BY_PRIVATE_DNS',
      'error',
      ['NO_REQUESTS_REACHED_API'],
    ],
    [
      'SG ingress (warning) + silence',
      [at('SG_ENDPOINT_NO_INGRESS_443', 'warning'), silence()],
      'SG_ENDPOINT_NO_INGRESS_443',
      'error',
      ['NO_REQUESTS_REACHED_API'],
    ],
    [
      'NACL (warning) + silence',
      [at('NACL_BLOCKS_443', 'warning'), silence()],
      'NACL_BLOCKS_443',
      'error',
      ['NO_REQUESTS_REACHED_API'],
    ],
    // A policy deny writes an execution-log line: silence says nothing about it.
    [
      'overly permissive policy + silence',
      [at('POLICY_OVERLY_PERMISSIVE', 'warning'), silence()],
      'POLICY_OVERLY_PERMISSIVE',
      'warning',
      undefined,
    ],
    [
      'logging off is not raised by anything',
      [at('EXECUTION_LOGGING_DISABLED', 'warning'), silence()],
      'EXECUTION_LOGGING_DISABLED',
      'warning',
      undefined,
    ],
  ])('%s', (_name, input, code, severity, corroboratedBy) => {
    const out = corroborate(input).find((f) => f.code === code);
    expect(out?.severity).toBe(severity);
    expect(out?.evidence.corroboratedBy).toEqual(corroboratedBy);
    if (corroboratedBy)
      expect(out?.detail).toMatch(/Corroborated, so reported as an error: no request reached the API/);
    else expect(out?.detail).toBe(`${code} detail.`);
  });

  it('is pure: the input findings are not changed', () => {
    const input = [at('PRIVATE_DNS_DISABLED', 'warning'), silence()];
    const copy = structuredClone(input);
    corroborate(input);
    expect(input).toEqual(copy);
  });

  it('applies the rule table it is given', () => {
    const rules = [
      {
        raises: 'POLICY_USES_SOURCE_IP' as const,
        by: ['EXECUTION_LOGGING_DISABLED' as const],
        because: 'test',
      },
    ];
    const out = corroborate(
      [at('POLICY_USES_SOURCE_IP', 'warning'), at('EXECUTION_LOGGING_DISABLED', 'warning')],
      rules,
    );
    expect(out.map((f) => f.severity)).toEqual(['error', 'warning']);
  });

  it('every rule raises a code other than its corroborating ones', () => {
    for (const rule of CORROBORATION_RULES) expect(rule.by).not.toContain(rule.raises);
  });
});

describe('buildReport with corroboration', () => {
  const target: Target = {
    apiId: 'a1b2c3d4e5',
    region: 'us-east-1',
    stage: 'prod',
    accountId: null,
    urlForm: 'none',
    vpcId: 'vpc-0a1b2c3d',
    vpcEndpointIds: ['vpce-0a1b2c3d'],
  };
  const ran = (logs: Finding[]): RanCheck[] => [
    {
      id: 'private-dns',
      outcome: { status: 'warn', findings: [at('PRIVATE_DNS_DISABLED', 'warning')] },
      durationMs: 1,
    },
    {
      id: 'execution-logs',
      outcome: { status: logs.length ? 'warn' : 'pass', findings: logs },
      durationMs: 1,
    },
  ];
  const build = (logs: Finding[]) =>
    buildReport({
      target,
      ran: ran(logs),
      durationMs: 1,
      awsCalls: noCalls(),
    });

  it('makes PRIVATE_DNS_DISABLED the primary cause when no request reached the API', () => {
    const report = build([silence()]);
    expect(report).toMatchObject({ verdict: 'broken', primaryCause: 'PRIVATE_DNS_DISABLED' });
    expect(report.checks.find((c) => c.id === 'private-dns')?.status).toBe('fail');
    expect(report.checks.find((c) => c.id === 'execution-logs')?.status).toBe('warn');
  });

  it('leaves it a warning when requests were logged', () => {
    const report = build([]);
    expect(report).toMatchObject({ verdict: 'degraded', primaryCause: null });
    expect(report.checks.find((c) => c.id === 'private-dns')?.status).toBe('warn');
  });
});
