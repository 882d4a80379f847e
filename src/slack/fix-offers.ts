// What a report's buttons carry: the identifiers each fix needs (one value for every button of the message).
// Which fixes are offered, and with which plan, is the remediation service's decision (src/remediation/service.ts).

import type { DiagnosisRequest, Report } from '../diagnosis/types.js';
import { fixById, isFixId } from '../remediation/registry.js';
import type { FixId } from '../remediation/types.js';
import type { ButtonValue } from './button-value.js';

/** The fixes the report's findings call for (the service keeps those it can offer). */
export function fixesCalledFor(report: Report): FixId[] {
  return [...new Set(report.findings.flatMap((finding) => finding.remediations))];
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The endpoint a fix that changes an endpoint would change: the one the user named, else the only one the
 * findings calling for such a fix name, else the only one in the VPC. Null when ambiguous — then no button,
 * rather than a guess.
 */
export function endpointForFix(report: Report, request: DiagnosisRequest): string | null {
  if (request.vpceId) return request.vpceId;
  const named = new Set(
    report.findings
      .filter((finding) =>
        finding.remediations.some((id) => isFixId(id) && fixById(id).requires.includes('vpceId')),
      )
      .flatMap((finding) => [
        ...stringList(finding.evidence.vpceId),
        ...stringList(finding.evidence.vpceIds),
      ]),
  );
  if (named.size === 1) return [...named][0] ?? null;
  return report.target.vpcEndpointIds.length === 1 ? (report.target.vpcEndpointIds[0] ?? null) : null;
}

/** The account that owns the endpoint a fix would change, when the tool read the caller's side in another account. */
function endpointAccountOf(report: Report, vpceId: string | null): string | null {
  const consumers = report.target.consumerAccountIds ?? [];
  if (vpceId === null || consumers.length === 0) return null;
  const named = report.findings.find(
    (f) => f.resources.includes(vpceId) && f.accountId && consumers.includes(f.accountId),
  );
  return named?.accountId ?? (consumers.length === 1 ? (consumers[0] ?? null) : null);
}

export function buttonValueFor(report: Report, request: DiagnosisRequest): ButtonValue {
  const vpceId = endpointForFix(report, request);
  const endpointAccountId = endpointAccountOf(report, vpceId);
  return {
    apiId: report.target.apiId,
    region: report.target.region,
    stage: report.target.stage,
    vpcId: request.vpcId ?? report.target.vpcId,
    vpceId,
    ...(endpointAccountId ? { endpointAccountId } : {}),
    securityGroupIds: request.callerSecurityGroupIds,
    urlForm: request.urlForm,
    sinceMs: request.sinceMs,
    probe: request.probe,
    accountId: report.target.accountId,
    customDomain: request.customDomain,
  };
}
