import { describe, expect, it } from 'vitest';
import { cloudTrailHint, sessionNameFor, sourceIdentityFor } from '../../src/remediation/cloudtrail-hint.js';

const actor = { userId: 'U012ABCDEF' };
const at = new Date('2026-11-25T09:41:07.512Z');

describe('sessionNameFor and sourceIdentityFor', () => {
  it('names sessions apigw-diagnose[-who] with only the characters STS accepts, at most 64 long', () => {
    expect(sessionNameFor()).toBe('apigw-diagnose');
    expect(sessionNameFor('U012ABCDEF')).toBe('apigw-diagnose-U012ABCDEF');
    expect(sessionNameFor('maria rossi/ops:x')).toBe('apigw-diagnose-maria-rossi-ops-x');
    expect(sessionNameFor('a+b=c,d.e@f-g_h')).toBe('apigw-diagnose-a+b=c,d.e@f-g_h');
    const long = sessionNameFor('x'.repeat(100));
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^[\w+=,.@-]{2,64}$/);
  });

  it('gives the source identity slack-<user id>, in the characters and length STS accepts', () => {
    expect(sourceIdentityFor('U012ABCDEF')).toBe('slack-U012ABCDEF');
    expect(sourceIdentityFor('W0 12/x')).toBe('slack-W0-12-x');
    const long = sourceIdentityFor('x'.repeat(100));
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^[\w+=,.@-]{2,64}$/);
    // AWS reserves the aws: prefix for source identities.
    expect(long.startsWith('aws:')).toBe(false);
  });
});

describe('cloudTrailHint', () => {
  it('filters Event history on the role session name and names the source identity and the request id', () => {
    const hint = cloudTrailHint({
      actor,
      region: 'eu-west-1',
      requestId: 'f3a1c2d4-0b9e-4c1a-9d77-1e2f3a4b5c6d',
      at,
      roleSessionName: sessionNameFor(actor.userId),
    });

    expect(hint.where).toBe(
      'CloudTrail → Event history in eu-west-1, filter "User name" = apigw-diagnose-U012ABCDEF (the role ' +
        'session; source identity slack-U012ABCDEF), the event with request ID ' +
        'f3a1c2d4-0b9e-4c1a-9d77-1e2f3a4b5c6d.',
    );
    expect(hint.command).toBe(
      'aws cloudtrail lookup-events --region eu-west-1 ' +
        '--lookup-attributes AttributeKey=Username,AttributeValue=apigw-diagnose-U012ABCDEF ' +
        '--start-time 2026-11-25T09:40:07Z ' +
        `--query "Events[?contains(CloudTrailEvent, 'f3a1c2d4-0b9e-4c1a-9d77-1e2f3a4b5c6d')]"`,
    );
  });

  it('says the event does not name the user when the change ran on the bot’s own credentials', () => {
    const hint = cloudTrailHint({
      actor,
      region: 'us-east-1',
      requestId: 'req-1',
      at,
      roleSessionName: null,
    });

    expect(hint.where).toMatch(
      /^CloudTrail → Event history in us-east-1, the event with request ID req-1 \(/,
    );
    expect(hint.where).toContain('does not name the Slack user');
    expect(hint.command).not.toContain('--lookup-attributes');
    expect(hint.command).toContain(`--query "Events[?contains(CloudTrailEvent, 'req-1')]"`);
  });

  it('leaves the request id out of the command when there is none, or when it is not a plain id', () => {
    const none = cloudTrailHint({
      actor,
      region: 'us-east-1',
      requestId: null,
      at,
      roleSessionName: 'apigw-diagnose-U1',
    });
    const odd = cloudTrailHint({
      actor,
      region: 'us-east-1',
      requestId: `x'; rm -rf /`,
      at,
      roleSessionName: 'apigw-diagnose-U1',
    });

    expect(none.where).not.toContain('request ID');
    expect(none.command).not.toContain('--query');
    expect(odd.command).not.toContain('--query');
    expect(odd.command).not.toContain('rm -rf');
  });
});
