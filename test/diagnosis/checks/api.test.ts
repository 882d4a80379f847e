import { describe, expect, it } from 'vitest';
import { apiCheck } from '../../../src/diagnosis/checks/api.js';
import type { AwsFailureKind, Facts, Fetched, RestApiInfo } from '../../../src/diagnosis/facts.js';

function ok<T>(value: T): Fetched<T> {
  return { ok: true, value, ms: 1 };
}

function failed<T>(kind: AwsFailureKind): Fetched<T> {
  return {
    ok: false,
    error: { kind, action: 'apigateway:GET', operation: 'GetRestApi', message: `${kind} happened` },
    ms: 1,
  };
}

function restApi(endpointTypes: string[]): RestApiInfo {
  return {
    id: 'a1b2c3d4e5',
    name: 'orders',
    endpointTypes,
    vpcEndpointIds: [],
    policy: null,
    createdDate: null,
  };
}

function factsWith(rest: Fetched<RestApiInfo>): Facts {
  return {
    request: {
      apiId: 'a1b2c3d4e5',
      region: null,
      stage: null,
      urlForm: 'none',
      url: null,
      vpcId: null,
      vpceId: null,
      callerSecurityGroupIds: [],
      sinceMs: 900_000,
      probe: false,
    },
    region: 'eu-west-1',
    accountId: null,
    urlForm: 'none',
    restApi: rest,
    stages: null,
    stage: null,
    account: null,
    endpoints: null,
    callerVpcs: [],
    unknownEndpointRefs: [],
    vpcs: null,
    subnets: null,
    securityGroups: null,
    networkAcls: null,
    publicApis: null,
    logs: null,
    probe: { state: 'disabled' },
  };
}

describe('apiCheck', () => {
  it('reports API_NOT_FOUND naming the region and suggesting --region when GetRestApi says not found', () => {
    // Prepare
    const facts = factsWith(failed('not-found'));

    // Act
    const outcome = apiCheck.run(facts);

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings.map((f) => f.code)).toEqual(['API_NOT_FOUND']);
    expect(outcome.findings[0]?.detail).toContain('eu-west-1');
    expect(outcome.findings[0]?.detail).toContain('--region');
    expect(outcome.findings[0]?.evidence).toEqual({ apiId: 'a1b2c3d4e5', region: 'eu-west-1' });
  });

  it('errors with AWS_PERMISSION_MISSING, never passing, when GetRestApi is denied', () => {
    // Prepare
    const facts = factsWith(failed('access-denied'));

    // Act
    const outcome = apiCheck.run(facts);

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings.map((f) => f.code)).toEqual(['AWS_PERMISSION_MISSING']);
    expect(outcome.reason).toContain('GetRestApi');
  });

  it('errors without a finding when GetRestApi is throttled', () => {
    // Prepare
    const facts = factsWith(failed('throttled'));

    // Act
    const outcome = apiCheck.run(facts);

    // Assess
    expect(outcome).toMatchObject({ status: 'error', findings: [] });
  });

  it.each([[['REGIONAL']], [['EDGE']]])(
    'reports API_NOT_PRIVATE as info when the endpoint types are %j',
    (types) => {
      // Prepare
      const facts = factsWith(ok(restApi(types)));

      // Act
      const outcome = apiCheck.run(facts);

      // Assess
      expect(outcome.status).toBe('pass');
      expect(outcome.findings).toHaveLength(1);
      expect(outcome.findings[0]).toMatchObject({
        code: 'API_NOT_PRIVATE',
        severity: 'info',
        evidence: { endpointTypes: types },
      });
    },
  );

  it('passes without findings when the API is PRIVATE', () => {
    // Prepare
    const facts = factsWith(ok(restApi(['PRIVATE'])));

    // Act
    const outcome = apiCheck.run(facts);

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });
});
