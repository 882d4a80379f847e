import { describe, expect, it } from 'vitest';
import { routeCheck } from '../../../src/diagnosis/checks/route.js';
import type { ApiResourceInfo, Facts } from '../../../src/diagnosis/facts.js';
import { nearestResource, routeFor } from '../../../src/diagnosis/routes.js';
import type { CheckStatus } from '../../../src/diagnosis/types.js';
import { API_ID, buildFacts, fetchedFailed, fetchedOk, REGION, restApiInfo, stage } from './facts-builder.js';

const get = (authorizationType = 'NONE') => ({ httpMethod: 'GET', authorizationType });
const RESOURCES: ApiResourceInfo[] = [
  { id: 'r0', path: '/', methods: [] },
  { id: 'r1', path: '/pets', methods: [get(), { httpMethod: 'POST', authorizationType: 'NONE' }] },
  { id: 'r2', path: '/pets/{id}', methods: [get()] },
  { id: 'r3', path: '/pets/{id}/photos', methods: [] },
  { id: 'r4', path: '/orders', methods: [{ httpMethod: 'ANY', authorizationType: 'AWS_IAM' }] },
  { id: 'r5', path: '/files/{proxy+}', methods: [get()] },
];

const url = (path: string) => `https://${API_ID}.execute-api.${REGION}.amazonaws.com/prod${path}`;

function facts(path: string | null, overrides: Partial<Facts> = {}, method?: string): Facts {
  return buildFacts({
    request: { url: path === null ? null : url(path), ...(method ? { method } : {}) },
    stages: fetchedOk([stage()]),
    stage: stage(),
    apiResources: fetchedOk({ resources: RESOURCES, truncated: false }),
    deployment: fetchedOk({
      id: 'dep123',
      createdDate: '2026-05-01T00:00:00.000Z',
      description: null,
      apiSummary: null,
    }),
    ...overrides,
  });
}

describe('routeFor', () => {
  it.each<[string, string | null]>([
    ['pets', '/pets'],
    ['pets/7', '/pets/{id}'],
    ['pets/7/photos', '/pets/{id}/photos'],
    ['files/a/b/c.txt', '/files/{proxy+}'],
    ['files', null],
    ['Pets', null],
    ['', '/'],
    ['pets/7/8', null],
  ])('%s → %s', (path, expected) => {
    expect(routeFor(RESOURCES, path)?.path ?? null).toBe(expected);
  });

  it('prefers a literal path part over a parameter', () => {
    const resources = [
      { id: 'a', path: '/pets/{id}', methods: [get()] },
      { id: 'b', path: '/pets/mine', methods: [get()] },
    ];

    expect(routeFor(resources, 'pets/mine')?.id).toBe('b');
    expect(routeFor(resources, 'pets/7')?.id).toBe('a');
  });
});

describe('nearestResource', () => {
  it.each<[string, string]>([
    ['pet', '/pets'],
    ['pets/7/photo', '/pets/{id}'],
    ['order', '/orders'],
    ['Pets', '/pets'],
  ])('%s → %s', (path, expected) => {
    expect(nearestResource(RESOURCES, path)?.path).toBe(expected);
  });
});

describe('routeCheck (issue 9.4: Missing Authentication Token)', () => {
  it.each<[string, string | null, CheckStatus, string[]]>([
    ['an existing path', '/pets', 'pass', []],
    ['a path parameter', '/pets/42', 'pass', []],
    ['a greedy proxy', '/files/a/b', 'pass', []],
    ['an ANY method', '/orders', 'pass', []],
    ['a typo', '/pet', 'fail', ['ROUTE_NOT_FOUND']],
    ['the wrong case', '/Pets', 'fail', ['ROUTE_NOT_FOUND']],
    ['a resource without methods', '/pets/42/photos', 'fail', ['ROUTE_NOT_FOUND']],
    ['the stage root without a method', '', 'fail', ['ROUTE_NOT_FOUND']],
    ['no URL', null, 'skipped', []],
  ])('%s', (_name, path, status, codes) => {
    const outcome = routeCheck.run(facts(path));

    expect(outcome.status).toBe(status);
    expect(outcome.findings.map((f) => f.code)).toEqual(codes);
  });

  it.each<[string, string, string, CheckStatus]>([
    ['GET on a GET resource', 'GET', '/pets', 'pass'],
    ['POST on a GET+POST resource', 'POST', '/pets', 'pass'],
    ['DELETE on a GET+POST resource', 'DELETE', '/pets', 'fail'],
    ['any verb on an ANY method', 'PATCH', '/orders', 'pass'],
    ['POST on a GET-only path parameter', 'POST', '/pets/7', 'fail'],
  ])('with --method: %s', (_name, method, path, status) => {
    expect(routeCheck.run(facts(path, {}, method)).status).toBe(status);
  });

  it('names the methods the resource has when the verb is the wrong one', () => {
    const found = routeCheck.run(facts('/pets', {}, 'DELETE')).findings[0];

    expect(found?.detail).toContain('has no DELETE (nor ANY) method, only GET, POST');
    expect(found?.evidence).toMatchObject({
      method: 'DELETE',
      nearestPath: '/pets',
      nearestMethods: ['GET', 'POST'],
    });
  });

  it('names the nearest existing path, its methods, and that the resources are not the deployed snapshot', () => {
    const outcome = routeCheck.run(facts('/pet'));

    const found = outcome.findings[0];
    expect(found?.evidence).toMatchObject({
      path: '/pet',
      nearestPath: '/pets',
      nearestMethods: ['GET', 'POST'],
      deploymentId: 'dep123',
    });
    expect(found?.detail).toContain('Missing Authentication Token');
    expect(found?.detail).toContain('deployment dep123 (created 2026-05-01T00:00:00.000Z');
  });

  it('says a passing path is judged on the current resources, not the deployed snapshot', () => {
    expect(routeCheck.run(facts('/pets')).reason).toContain('not live until the stage is redeployed');
  });

  it('cannot decide a missing path when the API has more resources than one page', () => {
    const outcome = routeCheck.run(
      facts('/pet', { apiResources: fetchedOk({ resources: RESOURCES, truncated: true }) }),
    );

    expect(outcome.status).toBe('error');
    expect(outcome.findings).toEqual([]);
  });

  it('does not pass when GetResources was denied', () => {
    const denied = fetchedFailed<never>('access-denied', {
      action: 'apigateway:GET',
      operation: 'GetResources',
      message: 'denied',
    });

    const outcome = routeCheck.run(facts('/pets', { apiResources: denied }));

    expect(outcome.status).toBe('error');
    expect(outcome.findings.map((f) => f.code)).toEqual(['AWS_PERMISSION_MISSING']);
  });

  it('is skipped for a public API', () => {
    const outcome = routeCheck.run(
      facts('/pet', { restApi: fetchedOk(restApiInfo({ endpointTypes: ['REGIONAL'] })) }),
    );

    expect(outcome.status).toBe('skipped');
  });
});
