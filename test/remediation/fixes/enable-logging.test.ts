// Enable execution logging: pre-checks, the change, the plan (through the remediator, on in-memory ports).

import { describe, expect, it } from 'vitest';
import { RemediationCallError } from '../../../src/remediation/ports.js';
import { createRemediatorWithPorts } from '../../../src/remediation/remediator.js';
import { riskText } from '../../../src/remediation/risks.js';
import { actor, fakePorts, healthyAws, stage, target } from '../fake-aws.js';

describe('enable-logging', () => {
  it('turns INFO logging on and says how to undo when the account has a CloudWatch role', async () => {
    // Prepare
    const ports = fakePorts(healthyAws());
    // Act
    const result = await createRemediatorWithPorts(ports).apply('enable-logging', target, actor);
    // Assess
    expect(result).toMatchObject({ outcome: 'applied', fix: 'enable-logging', requestId: 'req-update' });
    expect(ports.log.calls).toEqual(['UpdateStage a1b2c3d4e5 prod']);
    expect(result.outcome === 'applied' && result.undo).toContain('path=/*/*/logging/loglevel,value=OFF');
  });

  it('refuses without trying when the account has no CloudWatch Logs role in the region', async () => {
    const ports = fakePorts(healthyAws({ cloudwatchRoleArn: null }));

    const result = await createRemediatorWithPorts(ports).apply('enable-logging', target, actor);

    expect(result.outcome).toBe('precheck-failed');
    expect(result.outcome === 'precheck-failed' && result.reason).toMatch(
      /update-account --region us-east-1/,
    );
    expect(ports.log.calls).toEqual([]);
  });

  it('reports already-done when the stage already logs at INFO', async () => {
    const ports = fakePorts(healthyAws({ stages: { prod: stage({ loggingLevel: 'INFO' }) } }));

    const result = await createRemediatorWithPorts(ports).apply('enable-logging', target, actor);

    expect(result.outcome).toBe('already-done');
    expect(ports.log.calls).toEqual([]);
  });

  it('refuses when the stage does not exist', async () => {
    const ports = fakePorts(healthyAws({ stages: {} }));

    const result = await createRemediatorWithPorts(ports).apply('enable-logging', target, actor);

    expect(result).toMatchObject({ outcome: 'precheck-failed', reason: 'API a1b2c3d4e5 has no stage prod.' });
  });

  it('returns aws-error instead of throwing when UpdateStage fails', async () => {
    const denied = new RemediationCallError(
      'access-denied',
      'UpdateStage',
      'AWS refused UpdateStage',
      'req-9',
    );
    const ports = fakePorts(healthyAws({ failures: { enableExecutionLogging: denied } }));

    const result = await createRemediatorWithPorts(ports).apply('enable-logging', target, actor);

    expect(result).toEqual({
      outcome: 'aws-error',
      fix: 'enable-logging',
      message: 'AWS refused UpdateStage',
      requestId: 'req-9',
    });
  });

  it('plans a change naming stage and API, with the costs of logs and of metrics as its risks', async () => {
    const plan = await createRemediatorWithPorts(fakePorts(healthyAws())).plan('enable-logging', target);

    expect(plan.change).toBe('Stage prod of API a1b2c3d4e5 logs at INFO, metrics on; no redeploy.');
    expect(plan.risks.map(riskText).join('\n')).toMatch(/CloudWatch Logs charges/);
    expect(plan.risks.map(riskText).join('\n')).toMatch(/detailed metrics/);
    expect(plan.risks.map((risk) => risk.kind)).toEqual(['cost', 'cost']);
  });

  it('plans with a warning that it will be refused when the CloudWatch role is missing', async () => {
    const plan = await createRemediatorWithPorts(fakePorts(healthyAws({ cloudwatchRoleArn: null }))).plan(
      'enable-logging',
      target,
    );

    expect(plan.risks.map(riskText)[0]).toMatch(/^Will be refused: .*no CloudWatch Logs role/);
  });

  it('types its risks: a refusal first, then the costs (logs, metrics), then the notes; a failed read is could-not-read', async () => {
    const denied = new RemediationCallError('access-denied', 'GetAccount', 'AWS refused GetAccount', 'r');
    const missingRole = await createRemediatorWithPorts(
      fakePorts(healthyAws({ cloudwatchRoleArn: null, stages: { prod: stage({ dataTraceEnabled: true }) } })),
    ).plan('enable-logging', target);
    const unreadable = await createRemediatorWithPorts(
      fakePorts(healthyAws({ failures: { getAccount: denied } })),
    ).plan('enable-logging', target);
    const alreadyOn = await createRemediatorWithPorts(
      fakePorts(healthyAws({ stages: { prod: stage({ loggingLevel: 'INFO' }) } })),
    ).plan('enable-logging', target);

    expect(missingRole.risks.map((risk) => risk.kind)).toEqual(['will-be-refused', 'cost', 'cost', 'note']);
    expect(unreadable.risks[0]).toEqual({
      kind: 'could-not-read',
      what: "check the account's CloudWatch Logs role",
      message: 'AWS refused GetAccount',
    });
    expect(alreadyOn.risks[0]).toEqual({
      kind: 'nothing-will-change',
      reason: 'the stage already logs at INFO.',
    });
  });
});
