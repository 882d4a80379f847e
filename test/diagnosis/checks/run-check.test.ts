// The runner's contract for missing data (issue 11): a failed needed read makes the check `error` without running
// it; a failed optional read turns a `pass` into `warn` with the reason; a denied read always yields
// AWS_PERMISSION_MISSING naming its IAM action. Fake checks keep the contract separate from any real check.

import { describe, expect, it } from 'vitest';
import type { Check, CheckOutcome, FactName } from '../../../src/diagnosis/checks/check.js';
import { deploymentCheck } from '../../../src/diagnosis/checks/deployment.js';
import { executionLogsCheck } from '../../../src/diagnosis/checks/execution-logs.js';
import { loggingConfigCheck } from '../../../src/diagnosis/checks/logging-config.js';
import { networkAclsCheck } from '../../../src/diagnosis/checks/network-acls.js';
import { privateDnsCheck } from '../../../src/diagnosis/checks/private-dns.js';
import { runCheck, unreportedPermissions } from '../../../src/diagnosis/checks/run-check.js';
import { securityGroupsCheck } from '../../../src/diagnosis/checks/security-groups.js';
import type { AwsFailureKind, Facts } from '../../../src/diagnosis/facts.js';
import { buildFacts, fetchedFailed, fetchedOk } from './facts-builder.js';

const FAILURE_KINDS: AwsFailureKind[] = ['access-denied', 'throttled', 'timeout', 'unreachable', 'other'];

/** A check that records whether it ran and reports `outcome`. */
function fakeCheck(declared: { needs?: FactName[]; uses?: FactName[] }, outcome: CheckOutcome) {
  const calls: Facts[] = [];
  const check: Check = {
    id: 'network-acls',
    ...declared,
    run(facts) {
      calls.push(facts);
      return outcome;
    },
  };
  return { check, calls };
}

const failedAcls = (kind: AwsFailureKind) =>
  buildFacts({
    networkAcls: fetchedFailed(kind, {
      action: 'ec2:DescribeNetworkAcls',
      operation: 'DescribeNetworkAcls',
      message: 'failed',
    }),
  });

describe('runCheck', () => {
  it.each(FAILURE_KINDS)(
    'reports a check whose needed read failed (%s) as error, without running it',
    (kind) => {
      // Prepare
      const { check, calls } = fakeCheck({ needs: ['networkAcls'] }, { status: 'pass', findings: [] });

      // Act
      const outcome = runCheck(check, failedAcls(kind));

      // Assess
      expect(calls).toHaveLength(0);
      expect(outcome.status).toBe('error');
      expect(outcome.reason).toMatch(/^Network ACLs could not be read \(DescribeNetworkAcls: /);
      expect(outcome.findings.map((f) => f.code)).toEqual(
        kind === 'access-denied' ? ['AWS_PERMISSION_MISSING'] : [],
      );
    },
  );

  it.each(FAILURE_KINDS)(
    'turns a pass into warn, naming the read, when an optional read failed (%s)',
    (kind) => {
      // Prepare
      const { check, calls } = fakeCheck({ uses: ['networkAcls'] }, { status: 'pass', findings: [] });

      // Act
      const outcome = runCheck(check, failedAcls(kind));

      // Assess
      expect(calls).toHaveLength(1);
      expect(outcome.status).toBe('warn');
      expect(outcome.reason).toMatch(
        /Network ACLs could not be read \(DescribeNetworkAcls: .*\): judged without it/,
      );
      const permissions = outcome.findings.filter((f) => f.code === 'AWS_PERMISSION_MISSING');
      expect(permissions.map((f) => f.evidence.action)).toEqual(
        kind === 'access-denied' ? ['ec2:DescribeNetworkAcls'] : [],
      );
    },
  );

  it('keeps a fail and its findings, adding the unread optional read to the reason', () => {
    // Prepare
    const { check } = fakeCheck(
      { uses: ['networkAcls'] },
      { status: 'fail', findings: [], reason: 'blocked' },
    );

    // Act
    const outcome = runCheck(check, failedAcls('timeout'));

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.reason).toMatch(
      /^blocked; Network ACLs could not be read \(DescribeNetworkAcls: timed out\)/,
    );
  });

  it.each<[string, Partial<Facts>]>([
    ['the read succeeded', { networkAcls: fetchedOk([]) }],
    ['the read was not gathered', { networkAcls: null }],
  ])('leaves the outcome alone when %s', (_case, overrides) => {
    // Prepare
    const { check } = fakeCheck(
      { needs: ['networkAcls'], uses: ['networkAcls'] },
      { status: 'pass', findings: [] },
    );

    // Act
    const outcome = runCheck(check, buildFacts(overrides));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('runs a check without declarations exactly as before, whatever failed', () => {
    // Prepare
    const { check } = fakeCheck({}, { status: 'pass', findings: [] });

    // Act
    const outcome = runCheck(check, failedAcls('access-denied'));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });
});

describe('unreportedPermissions', () => {
  it('names a denied read no check reported, on the check that declared it', () => {
    // Prepare
    const { check } = fakeCheck({ uses: ['networkAcls'] }, { status: 'skipped', findings: [] });

    // Act
    const added = unreportedPermissions(failedAcls('access-denied'), [check], []);

    // Assess
    expect(added).toMatchObject([
      {
        code: 'AWS_PERMISSION_MISSING',
        check: 'network-acls',
        evidence: { action: 'ec2:DescribeNetworkAcls' },
      },
    ]);
  });

  it('names a denied probe lookup (lambda:ListFunctions) on the probe check', () => {
    // Prepare
    const facts = buildFacts({
      probe: {
        state: 'error',
        vpcId: 'vpc-1',
        functionName: null,
        message: 'denied',
        ms: 1,
        failure: {
          kind: 'access-denied',
          action: 'lambda:ListFunctions',
          operation: 'ListFunctions',
          message: 'no',
        },
      },
    });

    // Act
    const added = unreportedPermissions(facts, [], []);

    // Assess
    expect(added).toMatchObject([{ check: 'probe', evidence: { action: 'lambda:ListFunctions' } }]);
  });

  it('adds nothing for an action already named, nor for a failure that is not a denial', () => {
    // Prepare
    const named = runCheck(
      fakeCheck({ needs: ['networkAcls'] }, { status: 'pass', findings: [] }).check,
      failedAcls('access-denied'),
    );

    // Act
    const again = unreportedPermissions(failedAcls('access-denied'), [], named.findings);
    const throttled = unreportedPermissions(failedAcls('throttled'), [], []);

    // Assess
    expect(again).toEqual([]);
    expect(throttled).toEqual([]);
  });
});

// Found by scripts/stress-aws.mjs: throttled GetStages left no chosen stage, and the stage-bound checks said
// "skipped: no stage" — dropping POLICY_NOT_DEPLOYED without saying a read had failed.
describe('the stage-bound checks when GetStages failed', () => {
  it.each([deploymentCheck, executionLogsCheck, loggingConfigCheck])(
    '$id is error naming GetStages',
    (check) => {
      // Prepare
      const facts = buildFacts({
        stages: fetchedFailed('throttled', {
          action: 'apigateway:GET',
          operation: 'GetStages',
          message: 'slow down',
        }),
        stage: null,
      });

      // Act
      const outcome = runCheck(check, facts);

      // Assess
      expect(outcome.status).toBe('error');
      expect(outcome.reason).toMatch(/^Stages of REST API \w+ could not be read \(GetStages: throttled/);
    },
  );
});

describe('checks that need the VPC endpoints', () => {
  it.each([privateDnsCheck, securityGroupsCheck, networkAclsCheck])(
    'reports $id as error, never skipped for an unknown caller VPC, when DescribeVpcEndpoints failed',
    (check) => {
      const facts = buildFacts({
        endpoints: fetchedFailed('throttled', {
          action: 'ec2:DescribeVpcEndpoints',
          operation: 'DescribeVpcEndpoints',
          message: 'Rate exceeded',
        }),
        callerVpcs: [],
      });

      const outcome = runCheck(check, facts);

      expect(outcome.status).toBe('error');
      expect(outcome.reason).toMatch(/DescribeVpcEndpoints/);
    },
  );
});
