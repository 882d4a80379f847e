// Reports shaped like the engine's, for renderer and flow tests that use a stubbed diagnosis.

import { CATALOGUE, type FindingCode } from '../../src/diagnosis/catalogue.js';
import type {
  CheckId,
  CheckStatus,
  DiagnosisRequest,
  Evidence,
  Finding,
  Report,
  Verdict,
} from '../../src/diagnosis/types.js';

export const API_ID = 'a1b2c3d4e5';
export const VPCE_ID = 'vpce-0abc1234def567890';

/**
 * A finding whose cause is `detail` and whose fix is `fix` (none by default); the detail is both, as the
 * engine's builder writes it.
 */
export function finding(
  code: FindingCode,
  evidence: Evidence = {},
  detail = `Detail of ${code}.`,
  fix: string | null = null,
): Finding {
  const entry = CATALOGUE[code];
  return {
    code,
    severity: entry.severity,
    check: entry.check,
    title: entry.title,
    detail: fix ? `${detail} ${fix}` : detail,
    cause: detail,
    fix,
    resources: [],
    evidence,
    remediations: [...entry.remediations],
  };
}

const ALL_CHECKS: CheckId[] = [
  'api',
  'stage',
  'resource-policy',
  'vpc-endpoint',
  'private-dns',
  'invoke-url',
  'security-groups',
  'network-acls',
  'endpoint-policy',
  'logging-config',
  'execution-logs',
  'probe',
];

export function report(findings: Finding[], overrides: Partial<Report> = {}): Report {
  const statusOf = (id: CheckId): CheckStatus => {
    const mine = findings.filter((f) => f.check === id);
    if (mine.some((f) => f.severity === 'error')) return 'fail';
    if (mine.some((f) => f.severity === 'warning')) return 'warn';
    return 'pass';
  };
  const errors = findings.filter((f) => f.severity === 'error');
  const verdict: Verdict = errors.length
    ? 'broken'
    : findings.some((f) => f.severity === 'warning')
      ? 'degraded'
      : 'healthy';
  return {
    schemaVersion: 1,
    target: {
      apiId: API_ID,
      region: 'us-east-1',
      stage: 'prod',
      accountId: '123456789012',
      urlForm: 'private-dns',
      vpcId: 'vpc-0f3a9c2e71d4b5a68',
      vpcEndpointIds: [VPCE_ID],
    },
    verdict,
    primaryCause: errors[0]?.code ?? null,
    findings,
    checks: ALL_CHECKS.map((id) => ({ id, status: statusOf(id), durationMs: 12 })),
    stats: {
      durationMs: 840,
      awsCalls: {
        apigateway: 4,
        ec2: 5,
        logs: 1,
        lambda: 1,
        cloudtrail: 1,
        sts: 1,
        route53resolver: 2,
        route53: 1,
      },
    },
    ...overrides,
  };
}

export function brokenReport(): Report {
  return report([
    finding(
      'POLICY_DENIES_VPCE',
      {
        statement: JSON.stringify({ Sid: 'DenyOutsideAllowedVpce', Effect: 'Deny', Principal: '*' }, null, 2),
        callerVpce: VPCE_ID,
      },
      'The policy denies vpce-0abc1234def567890 with an explicit deny.',
    ),
    finding('EXECUTION_LOGGING_DISABLED', { loggingLevel: 'OFF', stage: 'prod' }),
  ]);
}

export function healthyReport(): Report {
  return report([]);
}

export function request(overrides: Partial<DiagnosisRequest> = {}): DiagnosisRequest {
  return {
    apiId: API_ID,
    region: 'us-east-1',
    stage: 'prod',
    urlForm: 'none',
    url: null,
    vpcId: null,
    vpceId: null,
    customDomain: null,
    callerSecurityGroupIds: [],
    sinceMs: 15 * 60 * 1000,
    probe: true,
    ...overrides,
  };
}
