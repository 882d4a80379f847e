import { describe, expect, it } from 'vitest';
import { apiCheck } from '../../../src/diagnosis/checks/api.js';
import type { AwsFailureKind, Facts, Fetched, RestApiInfo } from '../../../src/diagnosis/facts.js';
import { buildFacts, fetchedFailed, fetchedOk as ok, restApiInfo } from './facts-builder.js';

function failed<T>(kind: AwsFailureKind): Fetched<T> {
  return fetchedFailed(kind, {
    action: 'apigateway:GET',
    operation: 'GetRestApi',
    message: `${kind} happened`,
  });
}

function restApi(endpointTypes: string[]): RestApiInfo {
  return restApiInfo({ endpointTypes });
}

/** The API lookup alone, in a region the request did not name. */
function factsWith(rest: Fetched<RestApiInfo>): Facts {
  return buildFacts({
    request: { region: null, stage: null },
    region: 'eu-west-1',
    urlForm: 'none',
    restApi: rest,
  });
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
