// Allow endpoint in policy: the plan (diff, basis, or why it is withheld), the click-time re-read, the update and
// the redeploy, the undo that restores the policy exactly (in-memory ports; wire shapes in remediation-gateway).

import { describe, expect, it, vi } from 'vitest';
import { policyFingerprint } from '../../../src/remediation/policy-edit.js';
import { RemediationCallError } from '../../../src/remediation/ports.js';
import { createRemediatorWithPorts } from '../../../src/remediation/remediator.js';
import type { FixResult } from '../../../src/remediation/types.js';
import { actor, fakePorts, healthyAws, target } from '../fake-aws.js';

const FIX = 'allow-endpoint-in-policy';
const OLD = 'vpce-0old';
const WRITTEN = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    {
      Sid: 'DenyOutsideVpce',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
      Condition: { StringNotEquals: { 'aws:SourceVpce': OLD } },
    },
  ],
});
/** How GetRestApi returns a saved policy: `execute-api:/*` expanded, quotes and slashes escaped. */
const asAwsStores = (sent: string) =>
  sent
    .replaceAll('"execute-api:/*"', '"arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*"')
    .replace(/"/g, '\\"')
    .replace(/\//g, '\\/');

const OPTED_IN = { 'apigw-diagnose:policy-fix': 'allowed' };

function awsWithPolicy(overrides = {}) {
  return healthyAws({
    policy: asAwsStores(WRITTEN),
    storePolicy: asAwsStores,
    apiTags: OPTED_IN,
    ...overrides,
  });
}

async function planned(aws = awsWithPolicy()) {
  const ports = fakePorts(aws);
  const plan = await createRemediatorWithPorts(ports).plan(FIX, target);
  return { ports, plan, clicked: { ...target, basis: plan.basis ?? null } };
}

describe('allow-endpoint-in-policy: plan', () => {
  it('shows the edit as a diff, with the fingerprint of the policy it read and the redeploy risk', async () => {
    const { plan } = await planned();

    expect(plan.diff).toEqual(['+ "vpce-0aaa" in aws:SourceVpce of Statement[1] StringNotEquals']);
    // The fingerprint of the policy read and of the edit planned on it.
    expect(plan.basis).not.toBe(policyFingerprint(asAwsStores(WRITTEN)));
    expect(plan.basis).toHaveLength(22);
    expect(plan.change).toBe(
      'Add vpce-0aaa to the resource policy of API a1b2c3d4e5, then redeploy stage prod.',
    );
    expect(plan.risks).toEqual([
      { kind: 'ships-pending-changes', apiId: 'a1b2c3d4e5', sinceDeploymentId: 'olddep' },
    ]);
    expect(plan.withheld).toBeUndefined();
  });

  it('withholds the fix, saying why, when the policy cannot be extended safely or read', async () => {
    const byVpc = WRITTEN.replace('"aws:SourceVpce":"vpce-0old"', '"aws:SourceVpc":"vpc-0old"');
    const unsafe = await planned(healthyAws({ policy: byVpc }));
    const unreadable = await planned(
      healthyAws({
        failures: {
          getRestApiPolicy: new RemediationCallError('access-denied', 'GetRestApi', 'denied', 'r'),
        },
      }),
    );

    expect(unsafe.plan.withheld).toContain(
      'Statement[1] (Sid "DenyOutsideVpce") denies requests through vpce-0aaa',
    );
    expect(unreadable.plan.withheld).toContain('could not be read (denied)');
  });

  it('names the stack that manages the API: the edit drifts from it', async () => {
    const { plan } = await planned(
      awsWithPolicy({ apiTags: { ...OPTED_IN, 'aws:cloudformation:stack-name': 'orders-api' } }),
    );

    expect(plan.risks.map((risk) => risk.kind)).toEqual(['ships-pending-changes', 'iac-drift']);
  });

  it('says the shipped IAM policy may refuse an API that has not opted in with its tag', async () => {
    const { plan } = await planned(awsWithPolicy({ apiTags: {} }));

    expect(plan.risks.at(-1)).toMatchObject({
      kind: 'note',
      short: 'Untagged API: the shipped IAM policy refuses it.',
    });
  });
});

describe('allow-endpoint-in-policy: apply and undo', () => {
  it('saves the edited policy, redeploys, and keeps what the undo needs', async () => {
    const { ports, clicked } = await planned();

    const result = await createRemediatorWithPorts(ports).apply(FIX, clicked, actor);

    expect(ports.log.calls).toEqual([
      'UpdateRestApi a1b2c3d4e5 /policy',
      'CreateDeployment a1b2c3d4e5 prod "apigw-diagnose allow vpce-0aaa by @dana"',
    ]);
    expect(result).toMatchObject({ outcome: 'applied', requestId: 'req-policy' });
    expect(result.outcome === 'applied' && result.summary).toContain(
      'now lets vpce-0aaa in: added to the aws:SourceVpce list of Statement[1] (Sid "DenyOutsideVpce") (Deny, StringNotEquals).',
    );
    expect(result.outcome === 'applied' && result.undoRecord).toBeTruthy();
  });

  it('refuses, changing nothing, when the policy changed since the dialog was shown', async () => {
    const { ports, clicked } = await planned();
    ports.log.calls.length = 0;
    const aws = awsWithPolicy();
    aws.policy = asAwsStores(WRITTEN.replace(OLD, 'vpce-0someoneelse'));
    const changed = fakePorts(aws);

    const result = await createRemediatorWithPorts(changed).apply(FIX, clicked, actor);

    expect(result.outcome).toBe('precheck-failed');
    expect(result.outcome === 'precheck-failed' && result.reason).toContain('changed since this report');
    expect(changed.log.actors).toEqual([]);
  });

  it('refuses when the same policy now needs another change than the dialog showed (a date passed)', async () => {
    // A second Deny of the same endpoints starts at 12:05: after it, the endpoint must be added there too.
    const from = '2026-12-06T12:05:00Z';
    const [allow, deny] = JSON.parse(WRITTEN).Statement;
    const dated = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        allow,
        deny,
        {
          ...deny,
          Sid: 'DenyFromNoon',
          Condition: { ...deny.Condition, DateGreaterThan: { 'aws:CurrentTime': from } },
        },
      ],
    });
    vi.useFakeTimers({ now: Date.parse('2026-12-06T12:00:00Z') });
    try {
      const { ports, clicked } = await planned(awsWithPolicy({ policy: dated }));
      vi.setSystemTime(Date.parse('2026-12-06T12:10:00Z'));

      const result = await createRemediatorWithPorts(ports).apply(FIX, clicked, actor);

      expect(result.outcome === 'precheck-failed' && result.reason).toContain('or the change it needs did');
      expect(ports.log.actors).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a button that carries no plan basis (its dialog showed no diff)', async () => {
    const ports = fakePorts(awsWithPolicy());

    const result = await createRemediatorWithPorts(ports).apply(FIX, target, actor);

    expect(result.outcome).toBe('precheck-failed');
    expect(ports.log.actors).toEqual([]);
  });

  it('undoes exactly: the policy as it was before, then a redeploy', async () => {
    const aws = awsWithPolicy();
    const before = aws.policy;
    const { ports, clicked } = await planned(aws);
    const remediator = createRemediatorWithPorts(ports);
    const applied = await remediator.apply(FIX, clicked, actor);
    const record = applied.outcome === 'applied' ? (applied.undoRecord ?? '') : '';

    const undone = await remediator.undo(FIX, target, record, actor);

    expect(undone).toMatchObject({ outcome: 'applied' });
    expect(aws.policy).toBe(before);
    expect(ports.log.calls.slice(2)).toEqual([
      'UpdateRestApi a1b2c3d4e5 /policy',
      'CreateDeployment a1b2c3d4e5 prod "apigw-diagnose undo allow vpce-0aaa by @dana"',
    ]);
  });

  it('finishes an Undo whose redeploy failed: a second Undo finds the policy back and redeploys it', async () => {
    const aws = awsWithPolicy();
    const { ports, clicked } = await planned(aws);
    const remediator = createRemediatorWithPorts(ports);
    const applied = await remediator.apply(FIX, clicked, actor);
    const record = applied.outcome === 'applied' ? (applied.undoRecord ?? '') : '';
    aws.failures.createDeployment = new RemediationCallError(
      'throttled',
      'CreateDeployment',
      'Rate exceeded.',
      'r',
    );

    const failed = await remediator.undo(FIX, target, record, actor);
    aws.failures = {};
    const retried = await remediator.undo(FIX, target, record, actor);

    expect(failed.outcome === 'aws-error' && failed.message).toContain('or click Undo again');
    expect(retried).toMatchObject({ outcome: 'applied' });
    expect(retried.outcome === 'applied' && retried.summary).toContain('was already back');
    expect(ports.log.calls.slice(3)).toEqual([
      'CreateDeployment a1b2c3d4e5 prod "apigw-diagnose undo allow vpce-0aaa by @dana"',
    ]);
  });

  it('refuses the undo when the policy changed after the fix (it would undo that change too)', async () => {
    const aws = awsWithPolicy();
    const { ports, clicked } = await planned(aws);
    const remediator = createRemediatorWithPorts(ports);
    const applied = await remediator.apply(FIX, clicked, actor);
    aws.policy = asAwsStores(WRITTEN.replace(OLD, 'vpce-0third'));

    const undone = await remediator.undo(
      FIX,
      target,
      applied.outcome === 'applied' ? (applied.undoRecord ?? '') : '',
      actor,
    );

    expect(undone.outcome).toBe('precheck-failed');
    expect(ports.log.calls).toHaveLength(2);
  });

  it('says the policy is saved but not live when the redeploy fails, and still gives the undo', async () => {
    const failed = new RemediationCallError('throttled', 'CreateDeployment', 'Rate exceeded.', 'r9');
    const { ports, clicked } = await planned(awsWithPolicy({ failures: { createDeployment: failed } }));

    const result: FixResult = await createRemediatorWithPorts(ports).apply(FIX, clicked, actor);

    expect(result).toMatchObject({ outcome: 'aws-error', requestId: 'r9' });
    expect(result.outcome === 'aws-error' && result.message).toContain('was saved (request req-policy)');
    expect(result.outcome === 'aws-error' && result.undoRecord).toBeTruthy();
  });
});
