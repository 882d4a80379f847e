import { describe, expect, it } from 'vitest';
import { resourcePolicyCheck } from '../../../src/diagnosis/checks/resource-policy.js';
import type { CallerVpcSource, Facts, RestApiInfo, VpcEndpointInfo } from '../../../src/diagnosis/facts.js';
import { httpStep, probeOutput } from '../../probe/probe-output-fixtures.js';
import {
  ACCOUNT_ID,
  API_ID,
  buildFacts,
  callerVpc,
  fetchedFailed,
  fetchedOk,
  REGION,
  restApiInfo,
  seenFrom,
  endpoint as sharedEndpoint,
} from './facts-builder.js';

function endpoint(overrides: Partial<VpcEndpointInfo> = {}): VpcEndpointInfo {
  return sharedEndpoint({ id: 'vpce-1a2b3c4d', vpcId: 'vpc-1a2b3c4d', ownerId: ACCOUNT_ID, ...overrides });
}

/** Facts for a private API whose caller VPC has the given endpoints; the policy is the API's resource policy. */
function facts(
  policy: string | null,
  options: { endpoints?: VpcEndpointInfo[]; api?: Partial<RestApiInfo>; url?: string | null } = {},
): Facts {
  const endpoints = options.endpoints ?? [endpoint()];
  const callerVpcs = endpoints.length === 0 ? [] : [callerVpc(endpoints, { vpcId: 'vpc-1a2b3c4d' })];
  return buildFacts({
    request: { url: options.url ?? null, vpcId: 'vpc-1a2b3c4d' },
    accountId: ACCOUNT_ID,
    restApi: fetchedOk(restApiInfo({ policy, ...options.api })),
    ...seenFrom(callerVpcs),
  });
}

const allowAll = {
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: ['execute-api:/*'],
};
const denyOtherVpces = (...vpces: string[]) => ({
  Sid: 'DenyOtherEndpoints',
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: ['execute-api:/*'],
  Condition: { StringNotEquals: { 'aws:SourceVpce': vpces } },
});
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('resourcePolicyCheck', () => {
  it('passes the canonical Allow + Deny StringNotEquals policy for the listed endpoint', () => {
    // Prepare
    const input = facts(policy(allowAll, denyOtherVpces('vpce-1a2b3c4d')));

    // Act
    const outcome = resourcePolicyCheck.run(input);

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('reports POLICY_DENIES_VPCE when the Deny lists another endpoint, with the deciding statement', () => {
    const deny = denyOtherVpces('vpce-other');
    const input = facts(policy(allowAll, deny));

    const outcome = resourcePolicyCheck.run(input);

    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toHaveLength(1);
    const [denial] = outcome.findings;
    expect(denial).toMatchObject({
      code: 'POLICY_DENIES_VPCE',
      severity: 'error',
      // Redeploying alone would ship the same denying policy: the button is the edit (then the redeploy).
      remediations: ['allow-endpoint-in-policy'],
      evidence: {
        vpcId: 'vpc-1a2b3c4d',
        vpceId: 'vpce-1a2b3c4d',
        decision: 'explicit-deny',
        resource: `arn:aws:execute-api:${REGION}:123456789012:${API_ID}/prod/GET/`,
        statement: deny,
      },
    });
    expect(denial?.detail).toContain('vpce-1a2b3c4d');
    expect(denial?.detail).toContain('DenyOtherEndpoints');
    expect(denial?.detail).toMatch(/redeploy/);
  });

  it.each<[string, object, string[]]>([
    [
      'a Deny on aws:SourceVpce',
      denyOtherVpces('vpce-other'),
      ['Edit Statement[1] of the resource policy: add `vpce-1a2b3c4d` to its `aws:SourceVpce` values'],
    ],
    [
      'a Deny on aws:SourceVpc',
      { ...denyOtherVpces(), Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-other' } } },
      ['add `vpc-1a2b3c4d` to its `aws:SourceVpc` values'],
    ],
    [
      'a Deny on both keys',
      {
        ...denyOtherVpces(),
        Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-other', 'aws:SourceVpce': 'vpce-other' } },
      },
      ['add `vpce-1a2b3c4d` to its `aws:SourceVpce` values and `vpc-1a2b3c4d` to its `aws:SourceVpc` values'],
    ],
    [
      'a Deny on another key',
      { ...denyOtherVpces(), Condition: { StringNotEquals: { 'aws:ResourceAccount': '111122223333' } } },
      ['Change the condition of Statement[1] so that it no longer matches requests through `vpce-1a2b3c4d`'],
    ],
  ])('says what to edit and where for %s, then the redeploy, in copyable commands', (_name, deny, edits) => {
    const outcome = resourcePolicyCheck.run(facts(policy(allowAll, deny)));

    const detail = outcome.findings[0]?.detail ?? '';
    for (const edit of edits) expect(detail).toContain(edit);
    expect(outcome.findings[0]?.evidence.statementIndex).toBe(1);
    expect(detail).toContain(`API Gateway console → APIs → ${API_ID} → Resource policy`);
    expect(detail).toContain(
      `\`aws apigateway update-rest-api --rest-api-id ${API_ID} --region ${REGION} --patch-operations ` +
        `"$(jq -c '[{op:"replace",path:"/policy",value:tojson}]' policy.json)"\``,
    );
    expect(detail).toContain(
      `\`aws apigateway create-deployment --rest-api-id ${API_ID} --region ${REGION} --stage-name prod\``,
    );
    expect(detail).not.toMatch(/statement #/);
  });

  it('reports an implicit deny with no statement when nothing allows the endpoint', () => {
    const input = facts(
      policy({ ...allowAll, Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-aaaa', 'vpce-bbbb'] } } }),
    );

    const outcome = resourcePolicyCheck.run(input);

    expect(outcome.findings[0]).toMatchObject({
      code: 'POLICY_DENIES_VPCE',
      evidence: { decision: 'implicit-deny', statement: null, reason: 'no statement allows' },
    });
    expect(outcome.findings[0]?.detail).toContain('No statement of the resource policy allows');
  });

  it('evaluates the path after the stage from the invoke URL', () => {
    const input = facts(policy({ ...allowAll, Resource: 'execute-api:/prod/GET/health' }), {
      url: `https://${API_ID}.execute-api.${REGION}.amazonaws.com/prod/health`,
    });

    const outcome = resourcePolicyCheck.run(input);

    // Only the always-on warning about an unconditioned Allow: the call itself is allowed.
    expect(outcome.findings.map((f) => f.code)).toEqual(['POLICY_OVERLY_PERMISSIVE']);
  });

  it('evaluates the escaped policy string GetRestApi returns', () => {
    const escaped = policy(allowAll, denyOtherVpces('vpce-other')).replace(/"/g, '\\"').replace(/\//g, '\\/');

    const outcome = resourcePolicyCheck.run(facts(escaped));

    expect(outcome.findings.map((f) => f.code)).toEqual(['POLICY_DENIES_VPCE']);
  });

  it('ignores caller endpoints of another region', () => {
    const input = facts(policy(allowAll, denyOtherVpces('vpce-other')), {
      endpoints: [endpoint({ serviceName: 'com.amazonaws.eu-west-1.execute-api' })],
    });

    const outcome = resourcePolicyCheck.run(input);

    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toMatch(/no caller execute-api endpoint/);
  });

  it('reports POLICY_MISSING when the private API has no resource policy', () => {
    const outcome = resourcePolicyCheck.run(facts(null));

    expect(outcome.status).toBe('fail');
    expect(outcome.findings.map((f) => f.code)).toEqual(['POLICY_MISSING']);
  });

  it('errors with the parse error as reason when the policy is not JSON', () => {
    const outcome = resourcePolicyCheck.run(facts('{not json'));

    expect(outcome.status).toBe('error');
    expect(outcome.reason).toMatch(/could not be parsed: The policy is not valid JSON/);
  });

  it('is skipped for a REGIONAL API', () => {
    const outcome = resourcePolicyCheck.run(
      facts(policy(allowAll), { api: { endpointTypes: ['REGIONAL'] } }),
    );

    expect(outcome.status).toBe('skipped');
    expect(outcome.reason).toMatch(/not PRIVATE/);
  });

  it('does not pass when GetRestApi was denied', () => {
    const input = facts(policy(allowAll));
    input.restApi = fetchedFailed('access-denied', {
      action: 'apigateway:GET',
      operation: 'GetRestApi',
      message: 'denied',
    });

    const outcome = resourcePolicyCheck.run(input);

    expect(outcome.status).toBe('error');
    expect(outcome.reason).toMatch(/GetRestApi/);
  });

  it('warns POLICY_OVERLY_PERMISSIVE for an unconditioned Allow for anyone, and lints without a caller endpoint', () => {
    const input = facts(policy(allowAll), { endpoints: [] });

    const outcome = resourcePolicyCheck.run(input);

    expect(outcome.status).toBe('warn');
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({
      code: 'POLICY_OVERLY_PERMISSIVE',
      evidence: { statement: allowAll, callerEndpoints: expect.stringMatching(/none known/) },
    });
  });

  it('warns POLICY_USES_SOURCE_IP for a condition on aws:sourceIp in any case', () => {
    const sourceIp = { ...allowAll, Condition: { IpAddress: { 'aws:sourceip': '10.0.0.0/8' } } };
    const input = facts(policy(sourceIp, denyOtherVpces('vpce-1a2b3c4d')));

    const outcome = resourcePolicyCheck.run(input);

    expect(outcome.findings.map((f) => f.code)).toContain('POLICY_USES_SOURCE_IP');
    expect(outcome.findings.find((f) => f.code === 'POLICY_USES_SOURCE_IP')?.evidence.statement).toEqual(
      sourceIp,
    );
  });
});

describe('resourcePolicyCheck on conditions only the live request can settle', () => {
  const onVpcSourceIp = (effect: string, operator: string) => ({
    ...allowAll,
    Effect: effect,
    Condition: { [operator]: { 'aws:VpcSourceIp': '10.0.0.0/16' } },
  });

  it.each<[string, string]>([
    ['an Allow limited to aws:VpcSourceIp', policy(onVpcSourceIp('Allow', 'IpAddress'))],
    [
      'Allow all + Deny NotIpAddress aws:VpcSourceIp',
      policy(allowAll, onVpcSourceIp('Deny', 'NotIpAddress')),
    ],
    [
      'an Allow on aws:VpceOrgID',
      policy({ ...allowAll, Condition: { StringEquals: { 'aws:VpceOrgID': 'o-abc123' } } }),
    ],
    [
      // Not in API Gateway's documented condition keys: even the endpoint owner's own account is not a decision.
      'an Allow on aws:VpceAccount naming the endpoint owner',
      policy({ ...allowAll, Condition: { StringEquals: { 'aws:VpceAccount': '123456789012' } } }),
    ],
  ])('reports error with the reason, not POLICY_DENIES_VPCE, for %s', (_name, text) => {
    // Act
    const outcome = resourcePolicyCheck.run(facts(text));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings.map((f) => f.code)).not.toContain('POLICY_DENIES_VPCE');
    expect(outcome.reason).toContain('could not be decided');
  });

  it.each<[string, string, boolean]>([
    [
      'a Deny for plain HTTP (aws:SecureTransport false)',
      policy(allowAll, {
        ...allowAll,
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
      false,
    ],
  ])('decides %s from what the endpoint tells (denied: %s)', (_name, text, denied) => {
    // Act
    const outcome = resourcePolicyCheck.run(facts(text));

    // Assess
    expect(outcome.status).not.toBe('error');
    expect(outcome.findings.some((f) => f.code === 'POLICY_DENIES_VPCE')).toBe(denied);
  });
});

describe('resourcePolicyCheck on endpoints the policy names only to deny them', () => {
  const quarantine = endpoint({ id: 'vpce-0bad0bad', vpcId: 'vpc-1a2b3c4d' });
  const denyQuarantined = {
    ...allowAll,
    Effect: 'Deny',
    Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0bad0bad' } },
  };

  it.each<[string, CallerVpcSource[], string]>([
    ['inferred from the policy', ['policy-source-vpce'], 'info'],
    ['named by the user', ['vpce-flag'], 'error'],
    ['named by the user and the policy', ['vpc-flag', 'policy-source-vpce'], 'error'],
  ])('rates POLICY_DENIES_VPCE %3$s when the denied endpoint is %1$s', (_name, sources, severity) => {
    // Prepare
    const input = facts(policy(allowAll, denyQuarantined), { endpoints: [quarantine] });
    for (const vpc of input.callerVpcs) vpc.sources = sources;

    // Act
    const outcome = resourcePolicyCheck.run(input);

    // Assess
    const denial = outcome.findings.find((f) => f.code === 'POLICY_DENIES_VPCE');
    expect(denial?.severity).toBe(severity);
    expect(denial?.evidence).toMatchObject({ vpceId: 'vpce-0bad0bad', decision: 'explicit-deny' });
    // An endpoint blocked on purpose gets no button that would let it in.
    expect(denial?.remediations).toEqual(severity === 'info' ? [] : ['allow-endpoint-in-policy']);
  });

  it('keeps POLICY_DENIES_VPCE an error for an inferred endpoint that a StringNotEquals Deny excludes', () => {
    // Prepare
    const input = facts(policy(allowAll, denyOtherVpces('vpce-other')), { endpoints: [quarantine] });
    for (const vpc of input.callerVpcs) vpc.sources = ['endpoint-configuration'];

    // Act
    const outcome = resourcePolicyCheck.run(input);

    // Assess
    expect(outcome.findings.find((f) => f.code === 'POLICY_DENIES_VPCE')?.severity).toBe('error');
  });
});

describe('resourcePolicyCheck when the stage or path had to be guessed', () => {
  const onHealth = policy({ ...allowAll, Resource: 'execute-api:/prod/GET/health' });
  const url = `https://${API_ID}.execute-api.${REGION}.amazonaws.com/prod/orders`;

  it.each<[string, string | null, string | null, string, boolean]>([
    ['no URL: an Allow scoped to one path', onHealth, null, 'error', false],
    ['the URL names a path the Allow does not cover', onHealth, url, 'fail', true],
    [
      'no URL: an Allow for another endpoint on every path',
      policy({ ...allowAll, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-other' } } }),
      null,
      'fail',
      true,
    ],
  ])('%s → %s', (_name, text, invokeUrl, status, denied) => {
    // Act
    const outcome = resourcePolicyCheck.run(facts(text, { url: invokeUrl }));

    // Assess
    expect(outcome.status).toBe(status);
    expect(outcome.findings.some((f) => f.code === 'POLICY_DENIES_VPCE')).toBe(denied);
  });
});

describe('resourcePolicyCheck with the in-VPC probe', () => {
  function probed(message: string, status = 403): Facts {
    const input = facts(policy(allowAll, denyOtherVpces('vpce-1a2b3c4d')), {
      url: `https://${API_ID}.execute-api.${REGION}.amazonaws.com/prod/orders`,
    });
    const output = probeOutput({
      http: [httpStep({ status, errorType: 'AccessDeniedException', message, requestId: 'req-deny-1' })],
    });
    input.probe = {
      state: 'ran',
      vpcId: 'vpc-1a2b3c4d',
      functionName: 'apigw-diagnose-probe-vpc-1a2b3c4d',
      ms: 900,
      result: output,
      endpointAddresses: [],
    };
    return input;
  }

  it('reports POLICY_NOT_DEPLOYED when the saved policy allows the endpoint but the live call hits an explicit deny', () => {
    // Act
    const outcome = resourcePolicyCheck.run(
      probed(
        `User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${REGION}:123456789012:${API_ID}/prod/GET/orders with an explicit deny`,
      ),
    );

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings.map((f) => f.code)).toEqual(['POLICY_NOT_DEPLOYED']);
    expect(outcome.findings[0]?.remediations).toEqual(['redeploy-stage']);
    expect(outcome.findings[0]?.evidence).toMatchObject({
      vpceIds: ['vpce-1a2b3c4d'],
      probe: { requestId: 'req-deny-1' },
    });
  });

  it('does not blame the deployment for an "anonymous is not authorized" 403, which an AWS_IAM method also gives', () => {
    // Act
    const outcome = resourcePolicyCheck.run(
      probed(
        `User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${REGION}:123456789012:${API_ID}/prod/GET/orders`,
      ),
    );

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('does not blame the deployment when the saved policy itself denies the endpoint', () => {
    // Prepare
    const input = probed(
      'User: anonymous is not authorized to perform: execute-api:Invoke with an explicit deny',
    );
    if (input.restApi.ok)
      input.restApi.value.policy = policy(allowAll, denyOtherVpces('vpce-0other000000000'));

    // Act
    const outcome = resourcePolicyCheck.run(input);

    // Assess
    expect(outcome.findings.map((f) => f.code)).toEqual(['POLICY_DENIES_VPCE']);
  });
});
