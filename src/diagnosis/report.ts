// Turns check outcomes into the report of spec §3: the verdict, the primary cause by catalogue precedence,
// findings ordered most-severe first, and stats. Findings that corroborate each other are combined first
// (corroboration.ts): a warning another finding supports becomes an error, and its check then reports `fail`;
// then remediations that would not change the outcome are withdrawn (remediation-relevance.ts).

import { precedenceOf } from './catalogue.js';
import type { CheckOutcome } from './checks/check.js';
import { corroborate } from './corroboration.js';
import { relevantRemediations } from './remediation-relevance.js';
import type { AwsCallStats, CheckId, CheckResult, Finding, Report, Target, Verdict } from './types.js';

/** Checks that read history: when one cannot run, the verdict is at most `degraded` (spec §3). */
const SUPPLEMENTARY_CHECKS: ReadonlySet<CheckId> = new Set(['execution-logs', 'deployment']);

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

export interface RanCheck {
  id: CheckId;
  outcome: CheckOutcome;
  durationMs: number;
}

export function buildReport(input: {
  target: Target;
  ran: RanCheck[];
  durationMs: number;
  awsCalls: AwsCallStats;
}): Report {
  const findings = orderFindings(
    relevantRemediations(corroborate(mergePermissionFindings(input.ran.flatMap((r) => r.outcome.findings)))),
  );
  const raisedChecks = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.check));
  const checks: CheckResult[] = input.ran.map(({ id, outcome, durationMs }) => ({
    id,
    // A check whose warning was raised to an error by corroboration now reports what it found: `fail`.
    status: outcome.status === 'warn' && raisedChecks.has(id) ? 'fail' : outcome.status,
    durationMs,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
  }));
  const primary = findings.find((f) => f.severity === 'error') ?? null;
  return {
    schemaVersion: 1,
    target: input.target,
    verdict: verdictOf(findings, checks),
    primaryCause: primary?.code ?? null,
    findings,
    checks,
    stats: { durationMs: input.durationMs, awsCalls: input.awsCalls },
  };
}

export function verdictOf(findings: Finding[], checks: CheckResult[]): Verdict {
  if (findings.some((f) => f.severity === 'error')) return 'broken';
  const couldNotRun = checks.filter((c) => c.status === 'error');
  if (couldNotRun.some((c) => !SUPPLEMENTARY_CHECKS.has(c.id))) return 'inconclusive';
  if (couldNotRun.length > 0 || findings.some((f) => f.severity === 'warning')) return 'degraded';
  return 'healthy';
}

/** Errors first, then warnings, then info; within a severity, by catalogue precedence (request path order). */
export function orderFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || precedenceOf(a.code) - precedenceOf(b.code),
  );
}

/** One denied IAM action is one finding, however many checks it starved; the evidence lists them all. */
function mergePermissionFindings(findings: Finding[]): Finding[] {
  const byAction = new Map<string, Finding>();
  const result: Finding[] = [];
  for (const f of findings) {
    if (f.code !== 'AWS_PERMISSION_MISSING') {
      result.push(f);
      continue;
    }
    const action = String(f.evidence.action ?? '');
    const seen = byAction.get(action);
    if (seen) {
      const checks = (seen.evidence.checks as CheckId[] | undefined) ?? [seen.check];
      if (!checks.includes(f.check)) checks.push(f.check);
      seen.evidence.checks = checks;
      continue;
    }
    const copy = { ...f, evidence: { ...f.evidence, checks: [f.check] } };
    byAction.set(action, copy);
    result.push(copy);
  }
  return result;
}
