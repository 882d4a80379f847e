import { describe, expect, it } from 'vitest';
import {
  type ContextValue,
  evaluatePolicy,
  type PolicyRequest,
  parsePolicy,
} from '../../../src/diagnosis/policy/index.js';

const API = { region: 'us-east-1', accountId: '123456789012', apiId: 'a1b2c3d4e5' };
const STAGE_ROOT = 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/';

function request(overrides: Partial<PolicyRequest> = {}): PolicyRequest {
  return {
    action: 'execute-api:Invoke',
    resource: STAGE_ROOT,
    principal: 'anonymous',
    context: { 'aws:SourceVpce': 'vpce-1a2b3c4d', 'aws:SourceVpc': 'vpc-1a2b3c4d' },
    apiContext: API,
    ...overrides,
  };
}

function policy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

const allowAll = {
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: ['execute-api:/*'],
};
const denyUnless = (operator: string, key: string, value: unknown) => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: ['execute-api:/*'],
  Condition: { [operator]: { [key]: value } },
});

describe('evaluatePolicy on the domain-reference A4 examples', () => {
  const vpcePolicy = policy(allowAll, denyUnless('StringNotEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d'));
  const vpcPolicy = policy(allowAll, denyUnless('StringNotEquals', 'aws:SourceVpc', 'vpc-1a2b3c4d'));
  const allowList = policy({
    ...allowAll,
    Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-aaaa', 'vpce-1a2b3c4d'] } },
  });

  it.each<[string, string, Record<string, ContextValue>, string, number | null]>([
    [
      'Allow + Deny SourceVpce: the listed endpoint',
      vpcePolicy,
      { 'aws:SourceVpce': 'vpce-1a2b3c4d' },
      'allow',
      0,
    ],
    [
      'Allow + Deny SourceVpce: another endpoint',
      vpcePolicy,
      { 'aws:SourceVpce': 'vpce-other' },
      'explicit-deny',
      1,
    ],
    ['Allow + Deny SourceVpc: the listed VPC', vpcPolicy, { 'aws:SourceVpc': 'vpc-1a2b3c4d' }, 'allow', 0],
    ['Allow + Deny SourceVpc: another VPC', vpcPolicy, { 'aws:SourceVpc': 'vpc-other' }, 'explicit-deny', 1],
    [
      'Allow-only StringEquals list: a listed endpoint',
      allowList,
      { 'aws:SourceVpce': 'vpce-1a2b3c4d' },
      'allow',
      0,
    ],
    [
      'Allow-only StringEquals list: an unlisted endpoint',
      allowList,
      { 'aws:SourceVpce': 'vpce-zzzz' },
      'implicit-deny',
      null,
    ],
  ])('%s gives %s', (_name, text, context, expected, statementIndex) => {
    // Act
    const decision = evaluatePolicy(parsePolicy(text), request({ context }));

    // Assess
    expect(decision.decision).toBe(expected);
    expect(decision.statement?.index ?? null).toBe(statementIndex);
  });

  it('returns the deciding Deny statement as written, with its Sid', () => {
    const text = policy(allowAll, {
      Sid: 'OnlyOurVpce',
      ...denyUnless('StringNotEquals', 'aws:SourceVpce', 'vpce-x'),
    });

    const decision = evaluatePolicy(parsePolicy(text), request());

    expect(decision.statement).toEqual({
      index: 1,
      sid: 'OnlyOurVpce',
      json: { Sid: 'OnlyOurVpce', ...denyUnless('StringNotEquals', 'aws:SourceVpce', 'vpce-x') },
    });
  });
});

describe('evaluatePolicy decisions', () => {
  it.each<[string, object[], Partial<PolicyRequest>, string]>([
    ['an empty statement list is an implicit deny', [], {}, 'implicit-deny'],
    [
      'an explicit Deny wins over an Allow listed after it',
      [denyUnless('Null', 'aws:SourceVpce', 'false'), allowAll],
      {},
      'explicit-deny',
    ],
    ['Action matching is case-insensitive', [{ ...allowAll, Action: 'EXECUTE-API:invoke' }], {}, 'allow'],
    ['Action execute-api:* covers Invoke', [{ ...allowAll, Action: 'execute-api:*' }], {}, 'allow'],
    ['Action * covers Invoke', [{ ...allowAll, Action: '*' }], {}, 'allow'],
    ['Action with ? wildcard', [{ ...allowAll, Action: 'execute-api:Inv?ke' }], {}, 'allow'],
    [
      'another action does not cover Invoke',
      [{ ...allowAll, Action: 'execute-api:ManageConnections' }],
      {},
      'implicit-deny',
    ],
    [
      'NotAction excluding Invoke does not allow it',
      [{ ...allowAll, Action: undefined, NotAction: 'execute-api:Invoke' }],
      {},
      'implicit-deny',
    ],
    [
      'NotAction excluding another action allows Invoke',
      [{ ...allowAll, Action: undefined, NotAction: 's3:*' }],
      {},
      'allow',
    ],
    ['Principal {"AWS":"*"} matches anonymous', [{ ...allowAll, Principal: { AWS: '*' } }], {}, 'allow'],
    [
      'a named role does not match anonymous',
      [{ ...allowAll, Principal: { AWS: 'arn:aws:iam::123456789012:role/app' } }],
      {},
      'implicit-deny',
    ],
    [
      'a named role matches that signed caller',
      [{ ...allowAll, Principal: { AWS: 'arn:aws:iam::123456789012:role/app' } }],
      { principal: 'arn:aws:iam::123456789012:role/app' },
      'allow',
    ],
    [
      'an account root principal matches a signed caller of that account',
      [{ ...allowAll, Principal: { AWS: 'arn:aws:iam::123456789012:root' } }],
      { principal: 'arn:aws:sts::123456789012:assumed-role/app/session' },
      'allow',
    ],
  ])('%s', (_name, statements, overrides, expected) => {
    const decision = evaluatePolicy(parsePolicy(policy(...statements)), request(overrides));

    expect(decision.decision).toBe(expected);
  });

  it('calls the decision indeterminate when the only Allow has an unknown operator, and says so in the notes', () => {
    const text = policy({ ...allowAll, Condition: { StringSortOf: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } });

    const decision = evaluatePolicy(parsePolicy(text), request());

    expect(decision.decision).toBe('indeterminate');
    expect(decision.notes).toEqual([expect.stringContaining('unsupported condition operator StringSortOf')]);
  });
});

describe('evaluatePolicy resource matching', () => {
  const allowOn = (...resources: string[]) => policy({ ...allowAll, Resource: resources });

  it.each<[string, string[], string, string]>([
    ['execute-api:/* covers every stage and path', ['execute-api:/*'], `${STAGE_ROOT}pets`, 'allow'],
    ['a stage-scoped short form covers its stage', ['execute-api:/prod/*'], `${STAGE_ROOT}pets`, 'allow'],
    [
      'a stage-scoped short form excludes another stage',
      ['execute-api:/dev/*'],
      `${STAGE_ROOT}pets`,
      'implicit-deny',
    ],
    [
      'a method-scoped short form excludes another method',
      ['execute-api:/prod/POST/*'],
      `${STAGE_ROOT}pets`,
      'implicit-deny',
    ],
    ['an exact path covers that path', ['execute-api:/prod/GET/pets'], `${STAGE_ROOT}pets`, 'allow'],
    [
      'an exact path excludes a sub-path',
      ['execute-api:/prod/GET/pets'],
      `${STAGE_ROOT}pets/1`,
      'implicit-deny',
    ],
    [
      'a full ARN with wildcards covers the API',
      ['arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*'],
      `${STAGE_ROOT}pets`,
      'allow',
    ],
    [
      'a full ARN of another API does not',
      ['arn:aws:execute-api:us-east-1:123456789012:zzzzzzzzzz/*'],
      `${STAGE_ROOT}pets`,
      'implicit-deny',
    ],
    [
      'a full ARN in another region does not',
      ['arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*'],
      `${STAGE_ROOT}pets`,
      'implicit-deny',
    ],
    [
      'a full ARN in another account does not',
      ['arn:aws:execute-api:us-east-1:999999999999:a1b2c3d4e5/*'],
      `${STAGE_ROOT}pets`,
      'implicit-deny',
    ],
    ['Resource * covers everything', ['*'], `${STAGE_ROOT}pets`, 'allow'],
  ])('%s', (_name, resources, resource, expected) => {
    const decision = evaluatePolicy(parsePolicy(allowOn(...resources)), request({ resource }));

    expect(decision.decision).toBe(expected);
  });

  it('cannot decide an account-specific Resource when the account is unknown (it never assumes the policy is right)', () => {
    const text = allowOn('arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/*');
    const resource = 'arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/prod/GET/';

    const decision = evaluatePolicy(
      parsePolicy(text),
      request({ resource, apiContext: { ...API, accountId: null } }),
    );

    expect(decision.decision).toBe('indeterminate');
    expect(decision.notes).toEqual([expect.stringContaining("the API's account is not known")]);
  });

  it('still allows a wildcard-account or short-form Resource when the account is unknown', () => {
    const resource = 'arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/prod/GET/';
    const apiContext = { ...API, accountId: null };

    for (const pattern of ['arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/*', 'execute-api:/*']) {
      expect(evaluatePolicy(parsePolicy(allowOn(pattern)), request({ resource, apiContext })).decision).toBe(
        'allow',
      );
    }
  });

  it('lets a NotResource Deny spare the listed resources and deny the rest', () => {
    const text = policy(allowAll, {
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      NotResource: ['execute-api:/prod/GET/health'],
    });
    const doc = parsePolicy(text);

    expect(evaluatePolicy(doc, request({ resource: `${STAGE_ROOT}health` })).decision).toBe('allow');
    expect(evaluatePolicy(doc, request({ resource: `${STAGE_ROOT}pets` })).decision).toBe('explicit-deny');
  });

  it('evaluates the escaped policy GetRestApi returns like its plain form', () => {
    const escaped = policy(allowAll, denyUnless('StringNotEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d'))
      .replace(/"/g, '\\"')
      .replace(/\//g, '\\/');

    const decision = evaluatePolicy(
      parsePolicy(escaped),
      request({ context: { 'aws:SourceVpce': 'vpce-x' } }),
    );

    expect(decision.decision).toBe('explicit-deny');
  });
});

describe('evaluatePolicy with keys whose value the engine cannot know', () => {
  const vpcSourceIp = (operator: string, effect: string) => ({
    ...allowAll,
    Effect: effect,
    Condition: { [operator]: { 'aws:VpcSourceIp': '10.0.0.0/16' } },
  });

  it.each<[string, string, string]>([
    [
      'an Allow only for aws:VpcSourceIp in a range',
      policy(vpcSourceIp('IpAddress', 'Allow')),
      'indeterminate',
    ],
    [
      'Allow all + Deny NotIpAddress aws:VpcSourceIp',
      policy(allowAll, vpcSourceIp('NotIpAddress', 'Deny')),
      'indeterminate',
    ],
    [
      'a Deny on aws:VpcSourceIp with no Allow at all is still a deny',
      policy(vpcSourceIp('NotIpAddress', 'Deny')),
      'implicit-deny',
    ],
    [
      'a Deny that applies outright wins over an unjudged Allow',
      policy(
        vpcSourceIp('IpAddress', 'Allow'),
        denyUnless('StringNotEquals', 'aws:SourceVpce', 'vpce-other'),
      ),
      'explicit-deny',
    ],
    [
      'an unjudged Allow beside an Allow that applies still allows',
      policy(allowAll, vpcSourceIp('IpAddress', 'Allow')),
      'allow',
    ],
    [
      'Null aws:VpcSourceIp=false holds: the key is present, only its value is unknown',
      policy({ ...allowAll, Condition: { Null: { 'aws:VpcSourceIp': 'false' } } }),
      'allow',
    ],
  ])('%s → %s', (_name, text, expected) => {
    // Act
    const decision = evaluatePolicy(parsePolicy(text), request({ unknownKeys: ['aws:VpcSourceIp'] }));

    // Assess
    expect(decision.decision).toBe(expected);
  });

  it('never reads a key the engine does not model as absent: the outcome depends on it, and the note says where it is documented', () => {
    // Act
    const decision = evaluatePolicy(
      parsePolicy(policy(vpcSourceIp('IpAddress', 'Allow'))),
      request({ unknownKeys: [] }),
    );

    // Assess
    expect(decision.decision).toBe('indeterminate');
    expect(decision.notes.join(' ')).toContain('aws:VpcSourceIp');
    expect(decision.notes.join(' ')).toContain(
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
    );
  });

  it('reads a key missing from a complete context as absent: a request built whole (an identity policy test)', () => {
    // Prepare: an identity policy allowing a change only on resources carrying an opt-in tag.
    const tagged = policy({
      Effect: 'Allow',
      Action: 'apigateway:PATCH',
      Resource: 'arn:aws:apigateway:*::/restapis/*',
      Condition: { StringEquals: { 'aws:ResourceTag/opt-in': 'yes' } },
    });
    const change = request({
      action: 'apigateway:PATCH',
      resource: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5',
      context: {},
    });

    // Act
    const open = evaluatePolicy(parsePolicy(tagged), change);
    const complete = evaluatePolicy(parsePolicy(tagged), { ...change, contextIsComplete: true });
    const withTag = evaluatePolicy(parsePolicy(tagged), {
      ...change,
      context: { 'aws:ResourceTag/opt-in': 'yes' },
      contextIsComplete: true,
    });

    // Assess
    expect(open.decision).toBe('indeterminate');
    expect(complete).toMatchObject({ decision: 'implicit-deny', notes: [] });
    expect(withTag.decision).toBe('allow');
  });

  it('reads a signer key as absent from an unsigned call', () => {
    // Act
    const decision = evaluatePolicy(
      parsePolicy(policy({ ...allowAll, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } })),
      request({ unknownKeys: [] }),
    );

    // Assess
    expect(decision.decision).toBe('implicit-deny');
  });
});
