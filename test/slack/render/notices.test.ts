import { describe, expect, it } from 'vitest';
import { driftSentence } from '../../../src/remediation/iac.js';
import { renderAudit, renderUsage } from '../../../src/slack/render/notices.js';
import { expectWithinSlackLimits } from './limits.js';

const target = { apiId: 'a1b2c3d4e5', region: 'us-east-1', stage: 'prod', vpceId: null };
const actor = { userId: 'U0ALLOWED1', userName: 'maria.k' };
const at = new Date('2026-11-25T09:41:00Z');

describe('renderAudit', () => {
  it('says who, what, when, the AWS request id and the result', () => {
    const message = renderAudit({
      fix: 'redeploy-stage',
      target,
      actor,
      at,
      result: {
        outcome: 'applied',
        fix: 'redeploy-stage',
        requestId: 'req-123',
        summary: 'deployment d-7f3k2 created',
        undo: 'point prod back at d-1',
      },
    });

    const text = JSON.stringify(message.blocks);
    expect(text).toContain('<@U0ALLOWED1>');
    expect(text).toContain('Redeploy stage');
    expect(text).toContain('2026-11-25T09:41:00.000Z');
    expect(text).toContain('req-123');
    expect(text).toContain('deployment d-7f3k2 created');
    expectWithinSlackLimits(message);
  });

  it('records that the drift was accepted on a managed resource, and says nothing of drift otherwise', () => {
    const owner = {
      tool: 'cloudformation' as const,
      stackName: 'orders-api',
      logicalId: 'OrdersApiDeploymentStageprod',
      stackId: null,
    };
    const applied = {
      outcome: 'applied' as const,
      fix: 'enable-logging' as const,
      requestId: 'req-1',
      summary: 'now INFO',
    };
    const managed = renderAudit({
      fix: 'enable-logging',
      target,
      actor,
      at,
      result: { ...applied, driftAccepted: driftSentence('enable-logging', owner, 'Stage prod') },
    });
    const unmanaged = renderAudit({ fix: 'enable-logging', target, actor, at, result: applied });

    const text = JSON.stringify(managed.blocks);
    expect(text).toContain(
      ':warning: Drift accepted: Stage `prod` is managed by CloudFormation stack orders-api',
    );
    expect(text).toContain('LoggingLevel: INFO, MetricsEnabled: true');
    expectWithinSlackLimits(managed);
    expect(JSON.stringify(unmanaged.blocks)).not.toMatch(/drift/i);
  });

  it('shows the undo command as one code span, its path=/*/*/ wildcards intact', () => {
    const undo =
      'aws apigateway update-stage --region us-east-1 --rest-api-id a1b2c3d4e5 --stage-name prod --patch-operations ' +
      'op=replace,path=/*/*/logging/loglevel,value=OFF op=replace,path=/*/*/metrics/enabled,value=false';
    const message = renderAudit({
      fix: 'enable-logging',
      target,
      actor,
      at,
      result: { outcome: 'applied', fix: 'enable-logging', requestId: 'req-1', summary: 'now INFO', undo },
    });

    const text = JSON.stringify(message.blocks);
    expect(text).toContain(`Undo: \`${undo}\``);
    expect(text).not.toMatch(/[\u2217\u223C]/);
  });

  it('says how to find the change in CloudTrail: the role session, its source identity, the lookup command', () => {
    const message = renderAudit({
      fix: 'enable-logging',
      target,
      actor,
      at,
      result: { outcome: 'applied', fix: 'enable-logging', requestId: 'req-123', summary: 'now INFO' },
    });

    const text = JSON.stringify(message.blocks);
    expect(text).toContain(
      'CloudTrail → Event history in us-east-1, filter \\"User name\\" = `apigw-diagnose-U0ALLOWED1` (the role ' +
        'session; source identity `slack-U0ALLOWED1`), the event with request ID `req-123`.',
    );
    expect(text).toContain(
      '`aws cloudtrail lookup-events --region us-east-1 --lookup-attributes ' +
        'AttributeKey=Username,AttributeValue=apigw-diagnose-U0ALLOWED1 --start-time 2026-11-25T09:40:00Z',
    );
    expectWithinSlackLimits(message);
  });

  it('says the CloudTrail event does not name the user when fixes run on the bot’s own credentials', () => {
    const message = renderAudit({
      fix: 'enable-logging',
      target,
      actor,
      at,
      roleSessionName: null,
      result: { outcome: 'applied', fix: 'enable-logging', requestId: 'req-123', summary: 'now INFO' },
    });

    const text = JSON.stringify(message.blocks);
    expect(text).toContain('does not name the Slack user');
    expect(text).not.toContain('apigw-diagnose-U0ALLOWED1');
  });

  it('takes the session the remediator reports the change ran in: none on the bot’s own credentials', () => {
    const message = renderAudit({
      fix: 'enable-logging',
      target,
      actor,
      at,
      result: {
        outcome: 'applied',
        fix: 'enable-logging',
        requestId: 'req-123',
        summary: 'now INFO',
        roleSessionName: null,
      },
    });

    expect(JSON.stringify(message.blocks)).toContain('does not name the Slack user');
  });

  it('says an Undo was tried, not done, when it was refused', () => {
    const message = renderAudit({
      fix: 'allow-endpoint-in-policy',
      target,
      actor,
      at,
      undoing: true,
      result: { outcome: 'precheck-failed', fix: 'allow-endpoint-in-policy', reason: 'the policy changed' },
    });

    expect(JSON.stringify(message.blocks)).toContain('tried to undo *Allow endpoint in policy*');
    expect(message.text).toBe('Allow endpoint in policy (undo) by U0ALLOWED1: precheck-failed');
  });

  it('gives the CloudTrail hint when the policy was saved but its redeploy failed (the change is made)', () => {
    const message = renderAudit({
      fix: 'allow-endpoint-in-policy',
      target,
      actor,
      at,
      result: {
        outcome: 'aws-error',
        fix: 'allow-endpoint-in-policy',
        message: 'The resource policy was saved (request req-9) but the redeploy failed',
        requestId: 'req-deploy',
        undoRecord: '{}',
      },
    });

    expect(JSON.stringify(message.blocks)).toContain('aws cloudtrail lookup-events');
  });

  it('gives no CloudTrail hint when nothing was changed', () => {
    const refused = renderAudit({
      fix: 'enable-logging',
      target,
      actor,
      at,
      result: { outcome: 'precheck-failed', fix: 'enable-logging', reason: 'no CloudWatch role' },
    });

    expect(JSON.stringify(refused.blocks)).not.toContain('CloudTrail');
  });

  it('puts the AWS error in plain, escaped words when the change failed', () => {
    const message = renderAudit({
      fix: 'enable-logging',
      target,
      actor,
      at,
      result: {
        outcome: 'aws-error',
        fix: 'enable-logging',
        requestId: 'req-9',
        message: 'CloudWatch Logs role ARN must be set <in account settings>',
      },
    });

    const text = JSON.stringify(message.blocks);
    expect(text).toContain('AWS refused the change');
    expect(text).toContain('&lt;in account settings&gt;');
    expect(text).toContain('req-9');
  });
});

describe('renderUsage', () => {
  it('names the problem and shows the usage inside Slack limits', () => {
    const message = renderUsage('unknown option --bogus');

    expect(JSON.stringify(message.blocks)).toContain('unknown option --bogus');
    expectWithinSlackLimits(message);
  });
});
