// Verdicts on policies in the shapes people publish (AWS docs, aws-samples, SAM, Terraform): the account is the
// bot's own, method authorization decides whether named principals can ever match, date windows are judged at the
// diagnosis time, a Resource that matches no request allows nothing, and a decision that hangs on who signs is a
// hedge in both policy checks — never a definite denial.

import { describe, expect, it } from 'vitest';
import { endpointPolicyCheck } from '../../../src/diagnosis/checks/endpoint-policy.js';
import { resourcePolicyCheck } from '../../../src/diagnosis/checks/resource-policy.js';
import type { ApiResources, Facts, VpcEndpointInfo } from '../../../src/diagnosis/facts.js';
import type { CheckStatus } from '../../../src/diagnosis/types.js';
import {
  ACCOUNT_ID,
  API_ID,
  buildFacts,
  callerVpc,
  fetchedFailed,
  fetchedOk,
  NOW_MS,
  REGION,
  restApiInfo,
  seenFrom,
  endpoint as sharedEndpoint,
  stage,
} from './facts-builder.js';

const VPCE = 'vpce-1a2b3c4d';
const VPC = 'vpc-1a2b3c4d';
const OTHER_ACCOUNT = '999999999999';
const EXECUTION_ARN = `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:${API_ID}`;

function endpoint(overrides: Partial<VpcEndpointInfo> = {}): VpcEndpointInfo {
  return sharedEndpoint({ id: VPCE, vpcId: VPC, ownerId: ACCOUNT_ID, ...overrides });
}

/** Resources with one method each on `/` and `/pets`, all with the given authorization. */
function resources(authorizationType: string, extra: ApiResources['resources'] = []): ApiResources {
  return {
    resources: [
      { id: 'r0', path: '/', methods: [{ httpMethod: 'GET', authorizationType }] },
      { id: 'r1', path: '/pets', methods: [{ httpMethod: 'GET', authorizationType }] },
      ...extra,
    ],
    truncated: false,
  };
}

interface Setup {
  policy: object;
  url?: string | null;
  auth?: string | null;
  accountId?: string | null;
  endpointPolicy?: object | null;
}

function facts(setup: Setup): Facts {
  const ep = endpoint({ policyDocument: setup.endpointPolicy ? JSON.stringify(setup.endpointPolicy) : null });
  const accountId = setup.accountId === undefined ? ACCOUNT_ID : setup.accountId;
  return buildFacts({
    request: { url: setup.url ?? null, vpcId: VPC },
    accountId,
    callerIdentity:
      accountId === null
        ? fetchedFailed('access-denied', {
            action: 'sts:GetCallerIdentity',
            operation: 'GetCallerIdentity',
            message: 'no',
          })
        : fetchedOk({ accountId, arn: `arn:aws:iam::${accountId}:role/bot` }),
    restApi: fetchedOk(restApiInfo({ policy: JSON.stringify(setup.policy) })),
    apiResources: setup.auth === null ? null : fetchedOk(resources(setup.auth ?? 'NONE')),
    stages: fetchedOk([stage()]),
    stage: stage(),
    ...seenFrom([callerVpc([ep], { vpcId: VPC })]),
  });
}

const doc = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
const allow = (resource: unknown, extra: object = {}) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: resource,
  ...extra,
});
const denyOtherVpces = {
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
  Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } },
};
const URL_PETS = `https://${API_ID}.execute-api.${REGION}.amazonaws.com/prod/pets`;

function outcomeOf(setup: Setup) {
  const outcome = resourcePolicyCheck.run(facts(setup));
  return { outcome, codes: outcome.findings.map((f) => f.code) };
}

describe('the account comes from the caller identity, never from the policy (issue 7.1)', () => {
  it.each<[string, object, string | null, CheckStatus, string[]]>([
    [
      'a full ARN in the API account (placeholders rendered)',
      doc(allow(`${EXECUTION_ARN}/*`), denyOtherVpces),
      ACCOUNT_ID,
      'pass',
      [],
    ],
    [
      'a Terraform ${execution_arn}/* rendered for the right account',
      doc(allow(`${EXECUTION_ARN}/*/*/*`)),
      ACCOUNT_ID,
      'warn',
      ['POLICY_OVERLY_PERMISSIVE'],
    ],
    [
      'a full ARN naming another account: nothing allows the caller',
      doc(allow(`arn:aws:execute-api:${REGION}:${OTHER_ACCOUNT}:${API_ID}/*`), denyOtherVpces),
      ACCOUNT_ID,
      'fail',
      ['POLICY_DENIES_VPCE'],
    ],
    [
      'a ${execution_arn}* pasted from another account’s stack',
      doc(allow(`arn:aws:execute-api:${REGION}:${OTHER_ACCOUNT}:${API_ID}*`)),
      ACCOUNT_ID,
      'fail',
      ['POLICY_DENIES_VPCE'],
    ],
    [
      'the short form execute-api:/* needs no account',
      doc(allow('execute-api:/*'), denyOtherVpces),
      ACCOUNT_ID,
      'pass',
      [],
    ],
    [
      'an account-specific ARN with the account unknown cannot be decided (never assumed right)',
      doc(allow(`arn:aws:execute-api:${REGION}:${OTHER_ACCOUNT}:${API_ID}/*`), denyOtherVpces),
      null,
      'error',
      [],
    ],
  ])('%s', (_name, policy, accountId, status, codes) => {
    // Act
    const { outcome, codes: found } = outcomeOf({ policy, accountId, url: URL_PETS });

    // Assess
    expect(outcome.status).toBe(status);
    expect(found).toEqual(codes);
  });

  it('quotes the statement that names another account, and both accounts, as evidence', () => {
    const statement = allow(`arn:aws:execute-api:${REGION}:${OTHER_ACCOUNT}:${API_ID}/*`);

    const { outcome } = outcomeOf({ policy: doc(statement, denyOtherVpces), url: URL_PETS });

    const denial = outcome.findings.find((f) => f.code === 'POLICY_DENIES_VPCE');
    expect(denial?.detail).toContain(`names account ${OTHER_ACCOUNT}`);
    expect(denial?.evidence).toMatchObject({
      apiAccountId: ACCOUNT_ID,
      foreignAccountStatements: [{ statementIndex: 0, statement }],
    });
  });

  it('says why the account is unknown when an account-specific ARN could not be judged', () => {
    const policy = doc(allow(`${EXECUTION_ARN}/*`), denyOtherVpces);

    const { outcome } = outcomeOf({ policy, accountId: null, url: URL_PETS });

    expect(outcome.status).toBe('error');
    expect(outcome.reason).toContain("the API's account is not known");
    expect(outcome.reason).toContain('GetCallerIdentity: access denied to sts:GetCallerIdentity');
  });

  it('does not call it "allowed on other paths" when the only Allow names another account (no URL given)', () => {
    const policy = doc(allow(`arn:aws:execute-api:${REGION}:${OTHER_ACCOUNT}:${API_ID}/*`));

    const { outcome, codes } = outcomeOf({ policy, url: null });

    expect(outcome.status).toBe('fail');
    expect(codes).toContain('POLICY_DENIES_VPCE');
  });
});

describe('method authorization is part of the verdict (issue 7.2)', () => {
  const namedRole = { AWS: `arn:aws:iam::${ACCOUNT_ID}:role/orders-client` };
  const allowRole = (extra: object = {}) => ({
    Effect: 'Allow',
    Principal: namedRole,
    Action: 'execute-api:Invoke',
    Resource: 'execute-api:/*',
    ...extra,
  });
  const allowAccountRoot = {
    Effect: 'Allow',
    Principal: { AWS: [`arn:aws:iam::${ACCOUNT_ID}:root`, OTHER_ACCOUNT] },
    Action: 'execute-api:Invoke',
    Resource: `${EXECUTION_ARN}/*`,
  };

  it.each<[string, object, string | null, CheckStatus, string[]]>([
    [
      'AWS_IAM + a named role',
      doc(allowRole(), denyOtherVpces),
      'AWS_IAM',
      'warn',
      ['POLICY_DEPENDS_ON_SIGNER'],
    ],
    [
      'AWS_IAM + account roots (list values)',
      doc(allowAccountRoot),
      'AWS_IAM',
      'warn',
      ['POLICY_DEPENDS_ON_SIGNER'],
    ],
    [
      'NONE + a named role only',
      doc(allowRole(), denyOtherVpces),
      'NONE',
      'fail',
      ['POLICY_PRINCIPAL_NEEDS_IAM_AUTH'],
    ],
    [
      'CUSTOM (Lambda authorizer) + a named role only',
      doc(allowRole()),
      'CUSTOM',
      'fail',
      ['POLICY_PRINCIPAL_NEEDS_IAM_AUTH'],
    ],
    ['NONE + account roots', doc(allowAccountRoot), 'NONE', 'fail', ['POLICY_PRINCIPAL_NEEDS_IAM_AUTH']],
    ['unknown authorization + a named role', doc(allowRole()), null, 'warn', ['POLICY_DEPENDS_ON_SIGNER']],
    [
      'NONE + Principal "*" conditioned on the endpoint (the fix)',
      doc(allow('execute-api:/*', { Condition: { StringEquals: { 'aws:SourceVpce': VPCE } } })),
      'NONE',
      'pass',
      [],
    ],
    [
      'AWS_IAM + a named role, but the Deny shuts out the endpoint: a definite deny',
      doc(allowRole(), {
        ...denyOtherVpces,
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-other' } },
      }),
      'AWS_IAM',
      'fail',
      ['POLICY_DENIES_VPCE'],
    ],
    [
      'NONE + Principal "*" with aws:PrincipalOrgID (needs a signer)',
      doc(allow('execute-api:/*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })),
      'NONE',
      'fail',
      ['POLICY_PRINCIPAL_NEEDS_IAM_AUTH'],
    ],
  ])('%s', (_name, policy, auth, status, codes) => {
    // Act
    const { outcome, codes: found } = outcomeOf({ policy, auth, url: URL_PETS });

    // Assess
    expect(outcome.status).toBe(status);
    expect(found).toEqual(codes);
  });

  it('gives the statement that names the principal and the method authorization as evidence for NONE', () => {
    const { outcome } = outcomeOf({ policy: doc(allowRole()), auth: 'NONE', url: URL_PETS });

    const cause = outcome.findings.find((f) => f.code === 'POLICY_PRINCIPAL_NEEDS_IAM_AUTH');
    expect(cause?.evidence).toMatchObject({
      methodAuthorization: { types: ['NONE'], scope: 'the method of /pets' },
      signerStatements: [{ statementIndex: 0, statement: allowRole() }],
    });
    expect(cause?.detail).toContain('AWS_IAM');
  });

  it('reads the authorization of the URL’s own resource, not of the whole API', () => {
    const input = facts({ policy: doc(allowRole()), url: URL_PETS });
    input.apiResources = fetchedOk(
      resources('NONE', [
        { id: 'r2', path: '/admin', methods: [{ httpMethod: 'POST', authorizationType: 'AWS_IAM' }] },
      ]),
    );

    const outcome = resourcePolicyCheck.run(input);

    expect(outcome.findings.map((f) => f.code)).toEqual(['POLICY_PRINCIPAL_NEEDS_IAM_AUTH']);
  });

  it.each<[string, string]>([
    ['GET', 'POLICY_PRINCIPAL_NEEDS_IAM_AUTH'],
    ['POST', 'POLICY_DEPENDS_ON_SIGNER'],
  ])('reads the authorization of the --method %s on the URL’s resource', (method, code) => {
    const input = facts({ policy: doc(allowRole()), url: URL_PETS });
    input.request = { ...input.request, method };
    input.apiResources = fetchedOk({
      resources: [
        {
          id: 'r1',
          path: '/pets',
          methods: [
            { httpMethod: 'GET', authorizationType: 'NONE' },
            { httpMethod: 'POST', authorizationType: 'AWS_IAM' },
          ],
        },
      ],
      truncated: false,
    });

    const outcome = resourcePolicyCheck.run(input);

    expect(outcome.findings.map((f) => f.code)).toEqual([code]);
    expect(outcome.findings[0]?.evidence).toMatchObject({ resource: `${EXECUTION_ARN}/prod/${method}/pets` });
  });

  it('hedges when the API mixes AWS_IAM and NONE methods and no URL says which one is called', () => {
    const input = facts({ policy: doc(allowRole()), url: null });
    input.apiResources = fetchedOk(
      resources('NONE', [
        { id: 'r2', path: '/admin', methods: [{ httpMethod: 'POST', authorizationType: 'AWS_IAM' }] },
      ]),
    );

    const outcome = resourcePolicyCheck.run(input);

    expect(outcome.findings.map((f) => f.code)).toEqual(['POLICY_DEPENDS_ON_SIGNER']);
  });
});

describe('date and time conditions are judged at the diagnosis time (issue 7.3)', () => {
  const now = new Date(NOW_MS);
  const iso = (days: number) => new Date(NOW_MS + days * 86_400_000).toISOString();
  const epoch = (days: number) => String(Math.floor((NOW_MS + days * 86_400_000) / 1000));
  const allowWhen = (condition: object) =>
    doc(allow('execute-api:/*', { Condition: condition }), denyOtherVpces);

  it.each<[string, object, CheckStatus]>([
    [
      'a window that ended yesterday (DateLessThan aws:CurrentTime)',
      { DateLessThan: { 'aws:CurrentTime': iso(-1) } },
      'fail',
    ],
    ['a window that ends tomorrow', { DateLessThan: { 'aws:CurrentTime': iso(1) } }, 'pass'],
    [
      'a window that opens tomorrow (DateGreaterThan)',
      { DateGreaterThan: { 'aws:CurrentTime': iso(1) } },
      'fail',
    ],
    [
      'a date-only value (ISO 8601 2020-01-01)',
      { DateGreaterThanEquals: { 'aws:CurrentTime': '2020-01-01' } },
      'pass',
    ],
    ['lower-case key and operator case', { dateLessThanEquals: { 'aws:currenttime': iso(-2) } }, 'fail'],
    ['epoch seconds against aws:EpochTime', { DateLessThan: { 'aws:EpochTime': epoch(-1) } }, 'fail'],
    ['epoch seconds against aws:CurrentTime', { DateGreaterThan: { 'aws:CurrentTime': epoch(-1) } }, 'pass'],
    ['NumericLessThan on aws:EpochTime', { NumericLessThan: { 'aws:EpochTime': epoch(30) } }, 'pass'],
    [
      'both ends (a window around now)',
      { DateGreaterThan: { 'aws:CurrentTime': iso(-1) }, DateLessThan: { 'aws:CurrentTime': iso(1) } },
      'pass',
    ],
    ['DateNotEquals a past instant', { DateNotEquals: { 'aws:CurrentTime': iso(-3) } }, 'pass'],
    [
      'IfExists keeps the test (the key is always present)',
      { DateLessThanIfExists: { 'aws:CurrentTime': iso(-1) } },
      'fail',
    ],
    [
      'list values: any one may match',
      { DateEquals: { 'aws:CurrentTime': [iso(-1), now.toISOString()] } },
      'pass',
    ],
  ])('%s', (_name, condition, status) => {
    const { outcome } = outcomeOf({ policy: allowWhen(condition), url: URL_PETS });

    expect(outcome.status).toBe(status);
  });

  it('reports a passed window as POLICY_DENIES_VPCE with the statement and the time it was judged at', () => {
    const policy = allowWhen({ DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } });

    const { outcome } = outcomeOf({ policy, url: URL_PETS });

    expect(outcome.findings[0]).toMatchObject({
      code: 'POLICY_DENIES_VPCE',
      evidence: { decision: 'implicit-deny', evaluatedAt: now.toISOString() },
    });
  });

  it('denies outright when a Deny has been in force since a past date', () => {
    const deny = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-03-01T00:00:00Z' } },
    };

    const { outcome } = outcomeOf({ policy: doc(allow('execute-api:/*'), deny), url: URL_PETS });

    expect(outcome.findings[0]).toMatchObject({
      code: 'POLICY_DENIES_VPCE',
      evidence: { decision: 'explicit-deny' },
    });
  });
});

describe('a Resource that matches no request is a deny, not "allowed on other paths" (issue 7.4)', () => {
  it.each<[string, unknown, string | null, CheckStatus]>([
    ['…:{id}/ with no wildcard, no URL', `${EXECUTION_ARN}/`, null, 'fail'],
    ['…:{id} alone, no URL', EXECUTION_ARN, null, 'fail'],
    ['…/prod/GET without the trailing slash, no URL', `${EXECUTION_ARN}/prod/GET`, null, 'fail'],
    ['a stage that does not exist, no URL', `${EXECUTION_ARN}/beta/*`, null, 'fail'],
    ['a verb no method answers (no URL)', `${EXECUTION_ARN}/prod/DELETE/*`, null, 'fail'],
    ['execute-api:/*/*/* (the console’s form), no URL', 'execute-api:/*/*/*', null, 'pass'],
    ['${execution_arn}* (Terraform), no URL', `${EXECUTION_ARN}*`, null, 'pass'],
    ['a real other path, no URL: undecided', `${EXECUTION_ARN}/prod/GET/pets`, null, 'error'],
    ['…:{id}/ with the URL given', `${EXECUTION_ARN}/`, URL_PETS, 'fail'],
  ])('%s', (_name, resource, url, status) => {
    const policy = doc(allow(resource), denyOtherVpces);

    const { outcome } = outcomeOf({ policy, url });

    expect(outcome.status).toBe(status);
  });

  it('names the Resource that matches no request in the denial', () => {
    const { outcome } = outcomeOf({ policy: doc(allow(`${EXECUTION_ARN}/`)), url: null });

    const denial = outcome.findings.find((f) => f.code === 'POLICY_DENIES_VPCE');
    expect(denial?.detail).toContain('matches no request at all');
    expect(denial?.evidence).toMatchObject({
      resourcesMatchingNoRequest: [{ statementIndex: 0, resources: [`${EXECUTION_ARN}/`] }],
    });
  });
});

describe('signer hedges are the same in the endpoint-policy and resource-policy checks (issue 7.5)', () => {
  const orgId = 'o-a1b2c3d4e5';
  // The data-perimeter endpoint policy of aws-samples/data-perimeter-policy-examples.
  const dataPerimeter = doc(
    {
      Sid: 'AllowRequestsByOrgsIdentitiesToOrgsResources',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId, 'aws:ResourceOrgID': orgId } },
    },
    {
      Sid: 'AllowRequestsByAWSServicePrincipals',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: '*',
      Resource: '*',
      Condition: { Bool: { 'aws:PrincipalIsAWSService': 'true' } },
    },
  );
  const denyOutsideOrg = doc(
    { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
    {
      Effect: 'Deny',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': orgId } },
    },
  );
  const principalArn = doc({
    Effect: 'Allow',
    Principal: '*',
    Action: 'execute-api:Invoke',
    Resource: '*',
    Condition: { ArnLike: { 'aws:principalarn': [`arn:aws:iam::${ACCOUNT_ID}:role/app-*`] } },
  });
  const principalAccount = doc({
    Effect: 'Allow',
    Principal: '*',
    Action: 'execute-api:Invoke',
    Resource: '*',
    Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT_ID } },
  });

  it.each<[string, object]>([
    ['data perimeter (aws:PrincipalOrgID + aws:ResourceOrgID, aws:PrincipalIsAWSService)', dataPerimeter],
    ['Deny StringNotEqualsIfExists aws:PrincipalOrgID', denyOutsideOrg],
    ['aws:PrincipalArn (lower-case key, list value)', principalArn],
    ['aws:PrincipalAccount', principalAccount],
  ])('endpoint policy: %s → POLICY_DEPENDS_ON_SIGNER, not VPCE_POLICY_DENIES', (_name, endpointPolicy) => {
    const input = facts({
      policy: doc(allow('execute-api:/*'), denyOtherVpces),
      endpointPolicy,
      url: URL_PETS,
    });

    const outcome = endpointPolicyCheck.run(input);

    expect(outcome.findings.map((f) => f.code)).toEqual([
      'CUSTOM_VPCE_POLICY_AUTH_HEADER',
      'POLICY_DEPENDS_ON_SIGNER',
    ]);
    expect(outcome.status).toBe('warn');
  });

  it.each<[string, object]>([
    ['Deny StringNotEqualsIfExists aws:PrincipalOrgID', denyOutsideOrg],
    ['aws:PrincipalArn (lower-case key, list value)', principalArn],
    ['aws:PrincipalAccount', principalAccount],
  ])('resource policy with unknown method authorization: %s → POLICY_DEPENDS_ON_SIGNER', (_name, policy) => {
    const { outcome, codes } = outcomeOf({ policy, auth: null, url: URL_PETS });

    expect(codes).toContain('POLICY_DEPENDS_ON_SIGNER');
    expect(codes).not.toContain('POLICY_DENIES_VPCE');
    expect(outcome.status).toBe('warn');
  });

  it('still reports a definite VPCE_POLICY_DENIES when no signer could change the endpoint policy’s answer', () => {
    const other = doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'arn:aws:execute-api:*:*:zzzzzzzzzz/*',
    });
    const input = facts({
      policy: doc(allow('execute-api:/*'), denyOtherVpces),
      endpointPolicy: other,
      url: URL_PETS,
    });

    const outcome = endpointPolicyCheck.run(input);

    expect(outcome.findings.map((f) => f.code)).toContain('VPCE_POLICY_DENIES');
  });

  it.each<[string, string[], string[], CheckStatus]>([
    ['the caller VPC is listed', ['vpce-other'], [VPC], 'pass'],
    ['the caller endpoint is listed', [VPCE], ['vpc-other'], 'pass'],
    ['neither is listed', ['vpce-other'], ['vpc-other'], 'fail'],
  ])(
    "SAM's combined Deny (aws:SourceVpce and aws:SourceVpc under one StringNotEquals): %s",
    (_n, vpces, vpcs, status) => {
      // AWS SAM renders IntrinsicVpceWhitelist + IntrinsicVpcWhitelist into one Deny whose two keys must BOTH differ.
      const sam = doc(
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: [`${EXECUTION_ARN}/prod/GET/pets`],
        },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: [`${EXECUTION_ARN}/prod/GET/pets`],
          Condition: { StringNotEquals: { 'aws:SourceVpce': vpces, 'aws:SourceVpc': vpcs } },
        },
      );

      expect(outcomeOf({ policy: sam, url: URL_PETS }).outcome.status).toBe(status);
    },
  );
});
