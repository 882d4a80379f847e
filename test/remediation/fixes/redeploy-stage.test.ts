// Redeploy stage: the deployment, its description, the roll-back, the plan (in-memory ports).

import { describe, expect, it } from 'vitest';
import { RemediationCallError } from '../../../src/remediation/ports.js';
import { createRemediatorWithPorts } from '../../../src/remediation/remediator.js';
import { riskText } from '../../../src/remediation/risks.js';
import { actor, fakePorts, healthyAws, target } from '../fake-aws.js';

describe('redeploy-stage', () => {
  it('creates one deployment described with the user name and gives the roll-back command', async () => {
    const ports = fakePorts(healthyAws());

    const result = await createRemediatorWithPorts(ports).apply('redeploy-stage', target, actor);

    expect(ports.log.calls).toEqual(['CreateDeployment a1b2c3d4e5 prod "apigw-diagnose redeploy by @dana"']);
    expect(result).toMatchObject({
      outcome: 'applied',
      requestId: 'req-deploy',
      undo:
        'aws apigateway update-stage --region us-east-1 --rest-api-id a1b2c3d4e5 --stage-name prod ' +
        '--patch-operations op=replace,path=/deploymentId,value=olddep',
    });
  });

  it('names the user by id when no user name is known', async () => {
    const ports = fakePorts(healthyAws());

    await createRemediatorWithPorts(ports).apply('redeploy-stage', target, { userId: 'U012ABCDEF' });

    expect(ports.log.calls[0]).toContain('"apigw-diagnose redeploy by @U012ABCDEF"');
  });

  it('refuses without a stage and never asks for write credentials', async () => {
    const ports = fakePorts(healthyAws());

    const result = await createRemediatorWithPorts(ports).apply(
      'redeploy-stage',
      { ...target, stage: null },
      actor,
    );

    expect(result.outcome).toBe('precheck-failed');
    expect(ports.log.actors).toEqual([]);
  });

  it('passes a throttled CreateDeployment back as aws-error with its message', async () => {
    const throttled = new RemediationCallError(
      'throttled',
      'CreateDeployment',
      'try again in a few seconds',
      'r1',
    );
    const ports = fakePorts(healthyAws({ failures: { createDeployment: throttled } }));

    const result = await createRemediatorWithPorts(ports).apply('redeploy-stage', target, actor);

    expect(result).toMatchObject({
      outcome: 'aws-error',
      message: 'try again in a few seconds',
      requestId: 'r1',
    });
  });

  it('plans with the every-change-ships warning, and no roll-back or rate note among its risks', async () => {
    const plan = await createRemediatorWithPorts(fakePorts(healthyAws())).plan('redeploy-stage', target);

    expect(plan.change).toBe('Create a new deployment of API a1b2c3d4e5 and point stage prod at it.');
    expect(plan.risks.map(riskText).join('\n')).toMatch(
      /since deployment olddep ships, not only the resource policy/,
    );
    expect(plan.risks.map(riskText).join('\n')).not.toMatch(/deploymentId|5 seconds/);
  });

  it('types its risks: what ships since which deployment; a stage it could not read', async () => {
    const plan = await createRemediatorWithPorts(fakePorts(healthyAws())).plan('redeploy-stage', target);
    const unreadable = await createRemediatorWithPorts(fakePorts(healthyAws({ stages: {} }))).plan(
      'redeploy-stage',
      target,
    );

    expect(plan.risks).toEqual([
      { kind: 'ships-pending-changes', apiId: 'a1b2c3d4e5', sinceDeploymentId: 'olddep' },
    ]);
    expect(unreadable.risks.map((risk) => risk.kind)).toEqual(['ships-pending-changes', 'could-not-read']);
    expect(riskText(unreadable.risks[1] ?? { kind: 'note', text: '', short: '' })).toBe(
      'Could not read the stage (API a1b2c3d4e5 has no stage prod.); which deployment it replaces is unknown.',
    );
  });
});
