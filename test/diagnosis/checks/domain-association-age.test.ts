import { describe, expect, it } from 'vitest';
import { customDomainCheck } from '../../../src/diagnosis/checks/custom-domain.js';
import type {
  AccessAssociationCreation,
  AccessAssociationCreationHistory,
  Facts,
  Fetched,
} from '../../../src/diagnosis/facts.js';
import { associatedDomainFacts, DOMAIN_ARN, fetchedFailed, fetchedOk, NOW_MS } from './facts-builder.js';

const CALLER = 'vpce-0aaa';
const MINUTE = 60_000;

function creation(
  minutesAgo: number,
  overrides: Partial<AccessAssociationCreation> = {},
): AccessAssociationCreation {
  return {
    eventId: 'ev-1',
    eventTime: new Date(NOW_MS - minutesAgo * MINUTE).toISOString(),
    actorArn: 'arn:aws:iam::123456789012:role/platform',
    domainNameArn: DOMAIN_ARN,
    source: CALLER,
    ...overrides,
  };
}

function history(creations: AccessAssociationCreation[]): Fetched<AccessAssociationCreationHistory> {
  return fetchedOk({ startMs: NOW_MS - 15 * MINUTE, endMs: NOW_MS, creations, truncated: false });
}

/** A healthy private custom domain associated with the caller's endpoint, with this CloudTrail history. */
function facts(associationCreations: Fetched<AccessAssociationCreationHistory> | null): Facts {
  return associatedDomainFacts({}, { associationCreations });
}

describe('custom-domain: an access association created minutes ago', () => {
  it.each<[string, Fetched<AccessAssociationCreationHistory> | null, string, string[]]>([
    ['created 4 minutes ago', history([creation(4)]), 'warn', ['DOMAIN_ACCESS_ASSOCIATION_NOT_READY']],
    ['created 20 minutes ago (outside the window)', history([creation(20)]), 'pass', []],
    ['no creation in the window', history([]), 'pass', []],
    ["another endpoint's association is new", history([creation(2, { source: 'vpce-0other' })]), 'pass', []],
    [
      "another domain's association with the endpoint is new",
      history([creation(2, { domainNameArn: `${DOMAIN_ARN}x` })]),
      'pass',
      [],
    ],
    ['history not read (the domain has no association)', null, 'pass', []],
  ])('%s → %s %j', (_case, creations, status, codes) => {
    // Act
    const outcome = customDomainCheck.run(facts(creations));

    // Assess
    expect(outcome.status).toBe(status);
    expect(outcome.findings.map((f) => f.code)).toEqual(codes);
  });

  it('names when, by whom and the CloudTrail event, and says to wait and re-run', () => {
    // Act
    const [found] = customDomainCheck.run(
      facts(history([creation(4), creation(40, { eventId: 'old' })])),
    ).findings;

    // Assess
    expect(found).toMatchObject({
      severity: 'warning',
      evidence: {
        vpceId: CALLER,
        domainNameArn: DOMAIN_ARN,
        ageMinutes: 4,
        createdBy: 'arn:aws:iam::123456789012:role/platform',
        cloudTrailEventId: 'ev-1',
      },
    });
    expect(found?.detail).toContain('Wait, then re-run');
  });

  it('never passes when the CloudTrail read failed, and names a denied action', () => {
    // Act
    const outcome = customDomainCheck.run(
      facts(
        fetchedFailed('access-denied', {
          action: 'cloudtrail:LookupEvents',
          operation: 'LookupEvents',
          message: 'not authorized',
        }),
      ),
    );

    // Assess
    expect(outcome.status).toBe('warn');
    expect(outcome.reason).toContain('whether an access association is only minutes old could not be read');
    expect(outcome.findings).toMatchObject([
      { code: 'AWS_PERMISSION_MISSING', evidence: { action: 'cloudtrail:LookupEvents' } },
    ]);
  });
});
