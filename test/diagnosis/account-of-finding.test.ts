// Across accounts, each finding names the account where it is fixed: the side comes from the catalogue (the
// check's side, or the code's own), never from a list of codes in the engine.

import { describe, expect, it } from 'vitest';
import { CATALOGUE, CHECK_SIDES, type FindingCode, sideOf } from '../../src/diagnosis/catalogue.js';
import { finding } from '../../src/diagnosis/checks/check.js';
import { accountOfFinding } from '../../src/diagnosis/diagnose.js';
import type { Facts } from '../../src/diagnosis/facts.js';
import type { CheckId, Finding } from '../../src/diagnosis/types.js';
import { ACCOUNT_ID, buildFacts, ONE_ACCOUNT } from './checks/facts-builder.js';

const CONSUMER = '222222222222';

/** Two accounts: the consumer's VPC, endpoint and security group were read in the consumer's account. */
function facts(overrides: Partial<Facts> = {}): Facts {
  return buildFacts({
    accountId: ACCOUNT_ID,
    accounts: {
      ...ONE_ACCOUNT,
      multiAccount: true,
      producer: ACCOUNT_ID,
      consumers: [CONSUMER],
      owners: { 'vpc-c': CONSUMER, 'vpce-c': CONSUMER, 'sg-c': CONSUMER },
    },
    ...overrides,
  });
}

/** A finding of this code, as the check (or another that hit it) reports it, about these resources. */
function about(code: FindingCode, resources: string[], check?: CheckId): Finding {
  return finding(code, { cause: 'x', fix: 'y', resources }, {}, check ? { check } : {});
}

describe('the account of a finding', () => {
  it.each<[string, Finding, string | null]>([
    [
      'a caller-side check, about a consumer resource',
      about('SG_ENDPOINT_NO_INGRESS_443', ['sg-c']),
      CONSUMER,
    ],
    ['an API-side check, whatever it names', about('POLICY_DENIES_VPCE', ['vpce-c']), ACCOUNT_ID],
    [
      'an endpoint association: the API side, from a caller-side check',
      about('VPCE_NOT_ASSOCIATED', ['vpce-c']),
      ACCOUNT_ID,
    ],
    [
      'a domain access association: the caller side, from an API-side check',
      about('DOMAIN_ACCESS_ASSOCIATION_MISSING', ['vpce-c']),
      CONSUMER,
    ],
    [
      'the same with an endpoint read in the API account',
      about('DOMAIN_ACCESS_ASSOCIATION_MISSING', ['vpce-h']),
      ACCOUNT_ID,
    ],
    ['a caller-side finding about nothing located', about('PRIVATE_DNS_DISABLED', ['vpce-x']), null],
    [
      'a denied read, on the side of the check it starved',
      about('AWS_PERMISSION_MISSING', ['sg-c'], 'security-groups'),
      CONSUMER,
    ],
    [
      'a denied read of an API-side check',
      about('AWS_PERMISSION_MISSING', ['sg-c'], 'resource-policy'),
      ACCOUNT_ID,
    ],
    [
      'an account the finding names itself',
      about('SG_ENDPOINT_NO_INGRESS_443', ['333333333333', 'sg-c']),
      '333333333333',
    ],
  ])('%s', (_case, found, account) => {
    expect(accountOfFinding(found, facts())).toBe(account);
  });

  it("a probe finding about nothing located is the probe VPC owner's", () => {
    const probe = { state: 'not-configured', vpcId: 'vpc-c' } as const;
    expect(accountOfFinding(about('PROBE_NOT_CONFIGURED', []), facts({ probe }))).toBe(CONSUMER);
  });

  it('every check has a side, and a code overrides it only where its fix is made on the other side', () => {
    const overrides = Object.entries(CATALOGUE).flatMap(([code, entry]) =>
      'side' in entry && entry.side !== CHECK_SIDES[entry.check] ? [code] : [],
    );
    expect(overrides.sort()).toEqual(['DOMAIN_ACCESS_ASSOCIATION_MISSING', 'VPCE_NOT_ASSOCIATED']);
    expect(sideOf({ code: 'PROBE_TCP_TIMEOUT', check: 'probe' })).toBe('caller');
  });
});
