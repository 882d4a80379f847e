// A domain name access association that exists but was created minutes ago: calls through it can still be refused
// while API Gateway applies it. GetDomainNameAccessAssociations gives no creation time, so the time comes from
// CloudTrail's CreateDomainNameAccessAssociation events of the last ACCESS_ASSOCIATION_SETTLE_MS. CloudTrail's event
// history lags by a few minutes, so an association made moments ago may not be seen yet: absence proves nothing.

import type { CustomDomainFacts, DomainNameInfo, Facts } from '../facts.js';
import { ACCESS_ASSOCIATION_SETTLE_MS } from '../gather.js';
import type { Finding } from '../types.js';
import { couldNotRun, describeFailure, finding, type TextFor } from './check.js';
import { callerEndpointsInRegion } from './resource-policy.js';

export interface AssociationAge {
  findings: Finding[];
  note: string | null;
  /** The CloudTrail read failed: the check may not pass (a young association could not be ruled out). */
  readFailed: boolean;
}

export function associationAgeFindings(
  facts: Facts,
  custom: CustomDomainFacts,
  domain: DomainNameInfo,
): AssociationAge {
  const history = custom.associationCreations;
  if (history === null || !custom.accessAssociations.ok)
    return { findings: [], note: null, readFailed: false };
  if (!history.ok) {
    const failed = couldNotRun(
      'custom-domain',
      'Recent access association creations (CloudTrail)',
      history.error,
    );
    return {
      findings: failed.findings,
      note: `whether an access association is only minutes old could not be read (${history.error.operation}: ${describeFailure(history.error)})`,
      readFailed: true,
    };
  }
  const associations = custom.accessAssociations.value;
  const findings = callerEndpointsInRegion(facts).flatMap((caller) => {
    const associated = associations.some(
      (a) => a.source === caller.endpoint.id && a.domainNameArn === domain.domainNameArn,
    );
    if (!associated) return [];
    const created = history.value.creations
      .filter(
        (c) =>
          c.source === caller.endpoint.id &&
          (c.domainNameArn ?? domain.domainNameArn) === domain.domainNameArn,
      )
      .sort((a, b) => Date.parse(b.eventTime) - Date.parse(a.eventTime))[0];
    if (!created) return [];
    const ageMs = facts.nowMs - Date.parse(created.eventTime);
    if (!(ageMs >= 0 && ageMs < ACCESS_ASSOCIATION_SETTLE_MS)) return [];
    const minutes = Math.max(1, Math.round(ageMs / 60_000));
    const text: TextFor<'DOMAIN_ACCESS_ASSOCIATION_NOT_READY'> = {
      cause:
        `The access association between ${domain.domainName} and ${caller.endpoint.id} (VPC ${caller.vpcId}) was ` +
        `created ${minutes} minute(s) ago: calls through the endpoint can be refused (403) until API Gateway has applied it.`,
      explanation: `CloudTrail event ${created.eventId}, ${created.eventTime}${created.actorArn ? `, by ${created.actorArn}` : ''}.`,
      fix: 'Wait, then re-run.',
      caveat: `If calls still fail ${Math.round(ACCESS_ASSOCIATION_SETTLE_MS / 60_000)} minutes after its creation, the other findings say why.`,
      resources: [domain.domainNameArn ?? domain.domainName, caller.endpoint.id],
    };
    return [
      finding('DOMAIN_ACCESS_ASSOCIATION_NOT_READY', text, {
        domainName: domain.domainName,
        domainNameArn: domain.domainNameArn,
        vpceId: caller.endpoint.id,
        vpcId: caller.vpcId,
        createdAt: created.eventTime,
        ageMinutes: minutes,
        createdBy: created.actorArn,
        cloudTrailEventId: created.eventId,
      }),
    ];
  });
  return { findings, note: null, readFailed: false };
}
