// What the diagnose tool returns: the report reduced to what an agent acts on (verdict, primary cause, its fix
// and evidence, the other findings, the checks that could not run), as structured content that matches the
// tool's output schema, plus a few lines of text for clients that show only text. Pure.

import { z } from 'zod';
import type { Finding, Report } from '../diagnosis/types.js';

const findingOutput = z.object({
  code: z.string().describe('Stable finding code; explain_finding_code says what it means'),
  severity: z.enum(['error', 'warning', 'info']),
  check: z.string().describe('The check on the request path that found it'),
  title: z.string(),
  cause: z.string().describe('What is wrong, in one sentence'),
  fix: z.string().nullable().describe('What a human should do; commands are text, never run'),
  accountId: z.string().nullable().describe('The AWS account where it is fixed, when known'),
  resources: z.array(z.string()).describe('Ids of the resources it is about'),
  evidence: z.record(z.string(), z.unknown()).describe('What was read from AWS that shows it'),
});

/** The output schema of the diagnose tool (a raw shape, as the SDK takes it). */
export const DIAGNOSIS_OUTPUT = {
  verdict: z
    .enum(['broken', 'degraded', 'healthy', 'inconclusive'])
    .describe(
      'broken: calls from the VPC fail; degraded: warnings only; healthy: every check passed; ' +
        'inconclusive: a check needed for the verdict could not run',
    ),
  target: z.object({
    apiId: z.string(),
    region: z.string(),
    stage: z.string().nullable(),
    accountId: z.string().nullable(),
    vpcId: z.string().nullable(),
    vpcEndpointIds: z.array(z.string()),
  }),
  primaryCause: findingOutput.nullable().describe('The error that best explains the failure; null when none'),
  fix: z.string().nullable().describe("The primary cause's fix, for a human to apply"),
  evidence: z.record(z.string(), z.unknown()).nullable().describe("The primary cause's evidence"),
  findings: z.array(findingOutput).describe('Every finding, the primary cause first'),
  checksNotRun: z
    .array(z.object({ id: z.string(), status: z.enum(['skipped', 'error']), reason: z.string() }))
    .describe('Checks that were skipped or could not run: what they would have checked is unknown'),
};

const outputObject = z.object(DIAGNOSIS_OUTPUT);
export type DiagnosisOutput = z.infer<typeof outputObject>;
type FindingOutput = z.infer<typeof findingOutput>;

export function diagnosisOutput(report: Report): DiagnosisOutput {
  const primary = report.findings.find((f) => f.code === report.primaryCause) ?? null;
  const ordered = primary ? [primary, ...report.findings.filter((f) => f !== primary)] : report.findings;
  const { target } = report;
  return {
    verdict: report.verdict,
    target: {
      apiId: target.apiId,
      region: target.region,
      stage: target.stage,
      accountId: target.accountId,
      vpcId: target.vpcId,
      vpcEndpointIds: target.vpcEndpointIds,
    },
    primaryCause: primary ? findingOf(primary) : null,
    fix: primary?.fix ?? null,
    evidence: primary?.evidence ?? null,
    findings: ordered.map(findingOf),
    checksNotRun: report.checks.flatMap((check) =>
      check.status === 'skipped' || check.status === 'error'
        ? [{ id: check.id, status: check.status, reason: check.reason ?? '' }]
        : [],
    ),
  };
}

function findingOf(finding: Finding): FindingOutput {
  return {
    code: finding.code,
    severity: finding.severity,
    check: finding.check,
    title: finding.title,
    cause: finding.cause,
    fix: finding.fix,
    accountId: finding.accountId ?? null,
    resources: finding.resources,
    evidence: finding.evidence,
  };
}

/** A few lines: verdict and API, the primary cause and its fix, what else was found, what could not be checked. */
export function summaryText(output: DiagnosisOutput): string {
  const { target } = output;
  const where = [target.region, target.stage ? `stage ${target.stage}` : null, target.vpcId]
    .filter(Boolean)
    .join(', ');
  const lines = [`${output.verdict.toUpperCase()}: API ${target.apiId} (${where})`];
  const primary = output.primaryCause;
  if (primary) {
    lines.push(`Primary cause: ${primary.code} — ${primary.cause}`);
    if (output.fix) lines.push(`Fix (for a human to apply): ${output.fix}`);
  }
  // The primary cause is listed first.
  const others = output.findings.slice(primary ? 1 : 0).filter((f) => f.severity !== 'info');
  if (others.length > 0)
    lines.push(`Also found: ${others.map((f) => `${f.code} (${f.severity})`).join(', ')}`);
  if (output.checksNotRun.length > 0) {
    lines.push(
      `Not checked: ${output.checksNotRun.map((c) => `${c.id} (${c.reason || c.status})`).join('; ')}`,
    );
  }
  lines.push('The structured content has every finding with its evidence.');
  return lines.join('\n');
}
