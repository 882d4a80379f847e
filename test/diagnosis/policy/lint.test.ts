import { describe, expect, it } from 'vitest';
import {
  invokeResourceArn,
  isFullAccessPolicy,
  overlyPermissiveAllows,
  parsePolicy,
  statementsUsingSourceIp,
} from '../../../src/diagnosis/policy/index.js';

const allowAll = {
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
};
const doc = (...statements: object[]) => parsePolicy(JSON.stringify({ Statement: statements }));

describe('overlyPermissiveAllows', () => {
  it.each<[string, object[], number]>([
    ['flags an unconditioned Allow for anyone', [allowAll], 1],
    [
      'flags an Allow for {"AWS":"*"} with an unrelated condition',
      [{ ...allowAll, Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
      1,
    ],
    [
      'does not flag the canonical Allow + Deny StringNotEquals aws:SourceVpce',
      [
        allowAll,
        { ...allowAll, Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } },
      ],
      0,
    ],
    [
      'does not flag Allow + Deny on aws:sourceVpc in another case',
      [
        allowAll,
        { ...allowAll, Effect: 'Deny', Condition: { StringNotEquals: { 'aws:sourcevpc': 'vpc-1' } } },
      ],
      0,
    ],
    [
      'does not flag an Allow conditioned on aws:SourceVpce',
      [{ ...allowAll, Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-1'] } } }],
      0,
    ],
    [
      'does not flag an Allow conditioned on aws:PrincipalOrgID',
      [{ ...allowAll, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } }],
      0,
    ],
    [
      'does not flag an Allow for a named principal',
      [{ ...allowAll, Principal: { AWS: 'arn:aws:iam::123456789012:root' } }],
      0,
    ],
  ])('%s', (_name, statements, count) => {
    expect(overlyPermissiveAllows(doc(...statements))).toHaveLength(count);
  });
});

describe('statementsUsingSourceIp', () => {
  it('finds aws:SourceIp in any case and ignores aws:VpcSourceIp', () => {
    const policy = doc(
      { ...allowAll, Condition: { IpAddress: { 'aws:sourceip': '10.0.0.0/8' } } },
      { ...allowAll, Condition: { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } } },
    );

    expect(statementsUsingSourceIp(policy).map((s) => s.index)).toEqual([0]);
  });
});

describe('isFullAccessPolicy', () => {
  it.each<[string, object[], boolean]>([
    ['the default endpoint policy', [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }], true],
    [
      'the default policy with {"AWS":"*"} and lists',
      [{ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: ['*'], Resource: ['*'] }],
      true,
    ],
    [
      'a policy scoped to one API',
      [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: 'arn:aws:execute-api:us-east-1:1:abc/*' }],
      false,
    ],
    [
      'a conditioned Allow',
      [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
        },
      ],
      false,
    ],
    [
      'a full Allow next to a Deny',
      [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
      ],
      false,
    ],
  ])('says %s is full access: %s', (_name, statements, expected) => {
    expect(isFullAccessPolicy(doc(...statements))).toBe(expected);
  });
});

describe('invokeResourceArn', () => {
  it.each<[string, string | null, string | null, string | null, string]>([
    [
      'the path after the stage',
      '123456789012',
      'prod',
      'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/pets/1',
      'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets/1',
    ],
    [
      'an empty path without a URL',
      '123456789012',
      'prod',
      null,
      'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/',
    ],
    [
      'wildcards for an unknown account and stage',
      null,
      null,
      null,
      'arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/*/GET/',
    ],
  ])('builds the ARN with %s', (_name, accountId, stage, url, expected) => {
    expect(invokeResourceArn({ region: 'us-east-1', accountId, apiId: 'a1b2c3d4e5', stage, url })).toBe(
      expected,
    );
  });
});
