import { describe, expect, it } from 'vitest';
import { endpointPolicyCheck } from '../../../src/diagnosis/checks/endpoint-policy.js';
import type { Facts, VpcEndpointInfo } from '../../../src/diagnosis/facts.js';
import {
  ACCOUNT_ID,
  API_ID,
  buildFacts,
  callerVpc,
  fetchedFailed,
  REGION,
  seenFrom,
  endpoint as sharedEndpoint,
} from './facts-builder.js';

function endpoint(policyDocument: string | null, overrides: Partial<VpcEndpointInfo> = {}): VpcEndpointInfo {
  return sharedEndpoint({
    id: 'vpce-1a2b3c4d',
    vpcId: 'vpc-1a2b3c4d',
    ownerId: ACCOUNT_ID,
    policyDocument,
    ...overrides,
  });
}

/** Facts for a private API called from one VPC holding the given endpoints. */
function facts(endpoints: VpcEndpointInfo[]): Facts {
  const callerVpcs = endpoints.length === 0 ? [] : [callerVpc(endpoints, { vpcId: 'vpc-1a2b3c4d' })];
  return buildFacts({
    request: { vpcId: 'vpc-1a2b3c4d' },
    accountId: ACCOUNT_ID,
    ...seenFrom(callerVpcs),
  });
}

const policy = (...statements: object[]) => JSON.stringify({ Version: '2008-10-17', Statement: statements });
const FULL_ACCESS = policy({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });

describe('endpointPolicyCheck', () => {
  it.each([
    ['no policy document', null],
    ['the default full-access policy', FULL_ACCESS],
    [
      'the default policy written with {"AWS":"*"} and lists',
      policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['*'], Resource: ['*'] }),
    ],
  ])('passes with %s', (_name, document) => {
    // Act
    const outcome = endpointPolicyCheck.run(facts([endpoint(document)]));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('warns CUSTOM_VPCE_POLICY_AUTH_HEADER for a custom policy that allows this API', () => {
    const custom = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: `arn:aws:execute-api:${REGION}:123456789012:${API_ID}/*`,
    });

    const outcome = endpointPolicyCheck.run(facts([endpoint(custom)]));

    expect(outcome.status).toBe('warn');
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({
      code: 'CUSTOM_VPCE_POLICY_AUTH_HEADER',
      evidence: { vpceId: 'vpce-1a2b3c4d', policy: JSON.parse(custom) },
    });
  });

  it('reports VPCE_POLICY_DENIES when the custom policy allows only another API', () => {
    const custom = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: `arn:aws:execute-api:${REGION}:123456789012:zzzzzzzzzz/*`,
    });

    const outcome = endpointPolicyCheck.run(facts([endpoint(custom)]));

    expect(outcome.status).toBe('fail');
    expect(outcome.findings.map((f) => f.code)).toEqual([
      'CUSTOM_VPCE_POLICY_AUTH_HEADER',
      'VPCE_POLICY_DENIES',
    ]);
    expect(outcome.findings[1]).toMatchObject({
      severity: 'error',
      evidence: { vpceId: 'vpce-1a2b3c4d', decision: 'implicit-deny', statement: null },
    });
    expect(outcome.findings[1]?.detail).toContain(API_ID);
  });

  it('says the decision depends on who signs when the policy names principals, instead of a definite denial', () => {
    const custom = policy({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:role/app' },
      Action: 'execute-api:Invoke',
      Resource: '*',
    });

    const outcome = endpointPolicyCheck.run(facts([endpoint(custom)]));

    expect(outcome.status).toBe('warn');
    expect(outcome.findings.map((f) => f.code)).not.toContain('VPCE_POLICY_DENIES');
    const hedge = outcome.findings.find((f) => f.code === 'POLICY_DEPENDS_ON_SIGNER');
    expect(hedge?.check).toBe('endpoint-policy');
    expect(hedge?.detail).toMatch(/SigV4/);
  });

  it('reports an explicit deny with the statement that decided', () => {
    const deny = {
      Sid: 'NoInvoke',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: '*',
    };
    const custom = policy({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, deny);

    const outcome = endpointPolicyCheck.run(facts([endpoint(custom)]));

    expect(outcome.findings.find((f) => f.code === 'VPCE_POLICY_DENIES')?.evidence).toMatchObject({
      decision: 'explicit-deny',
      statement: deny,
    });
  });

  it('is skipped when no caller endpoint is known', () => {
    const outcome = endpointPolicyCheck.run(facts([]));

    expect(outcome.status).toBe('skipped');
    expect(outcome.reason).toMatch(/no caller execute-api endpoint/);
  });

  it('does not pass when DescribeVpcEndpoints was denied', () => {
    const input = facts([endpoint(null)]);
    input.endpoints = fetchedFailed('access-denied', {
      action: 'ec2:DescribeVpcEndpoints',
      operation: 'DescribeVpcEndpoints',
      message: 'no',
    });

    const outcome = endpointPolicyCheck.run(input);

    expect(outcome.status).toBe('error');
    expect(outcome.findings.map((f) => f.code)).toEqual(['AWS_PERMISSION_MISSING']);
  });

  it('errors naming the endpoint when its policy cannot be parsed', () => {
    const outcome = endpointPolicyCheck.run(facts([endpoint('garbage')]));

    expect(outcome.status).toBe('error');
    expect(outcome.reason).toMatch(/vpce-1a2b3c4d/);
  });
});

describe('endpointPolicyCheck on conditions only the live request can settle', () => {
  it.each<[string, object]>([
    ['IpAddress aws:VpcSourceIp', { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/16' } }],
    ['an operator the evaluator does not know', { BinaryEquals: { 'aws:UserAgent': 'eA==' } }],
  ])('reports error, not VPCE_POLICY_DENIES, when the only Allow hangs on %s', (_name, condition) => {
    // Prepare
    const document = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: '*',
          Condition: condition,
        },
      ],
    });

    // Act
    const outcome = endpointPolicyCheck.run(facts([endpoint(document)]));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings.map((f) => f.code)).toEqual(['CUSTOM_VPCE_POLICY_AUTH_HEADER']);
    expect(outcome.reason).toContain('could not be decided');
  });
});
