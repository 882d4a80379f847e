import { describe, expect, it } from 'vitest';
import type { VpcEndpointInfo } from '../../src/diagnosis/facts.js';
import { endpointDnsName } from '../../src/diagnosis/net/hostname.js';
import { buildProbeInput } from '../../src/diagnosis/probe-plan.js';
import { parseProbeInput } from '../../src/probe/schema.js';
import { endpoint as checkEndpoint } from './checks/facts-builder.js';

const API = 'a1b2c3d4e5';
const VPCE = 'vpce-0abc1234def567890';
const REGIONAL = `${VPCE}-1a2b3c4d.execute-api.us-east-1.vpce.amazonaws.com`;

function endpoint(overrides: Partial<VpcEndpointInfo> = {}): VpcEndpointInfo {
  return checkEndpoint({
    id: VPCE,
    subnetIds: ['subnet-a'],
    securityGroupIds: ['sg-1'],
    networkInterfaceIds: ['eni-1'],
    dnsNames: [
      `${VPCE}-1a2b3c4d-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com`,
      REGIONAL,
      'execute-api.us-east-1.amazonaws.com',
      '*.execute-api.us-east-1.amazonaws.com',
    ],
    ...overrides,
  });
}

describe('buildProbeInput', () => {
  it('asks for the private name, the alias and the endpoint name, and one GET per URL form', () => {
    // Act
    const input = buildProbeInput({
      apiId: API,
      region: 'us-east-1',
      stage: 'prod',
      url: null,
      urlForm: 'none',
      endpoints: [endpoint()],
      budgetMs: 8000,
    });

    // Assess
    expect(parseProbeInput(input)).toEqual(input);
    expect(input.names).toEqual([
      { name: `${API}.execute-api.us-east-1.amazonaws.com`, role: 'private-dns' },
      { name: `${API}-${VPCE}.execute-api.us-east-1.amazonaws.com`, role: 'vpce-alias', vpceId: VPCE },
      { name: REGIONAL, role: 'endpoint', vpceId: VPCE },
    ]);
    expect(input.urls).toEqual([
      { form: 'private-dns', url: `https://${API}.execute-api.us-east-1.amazonaws.com/prod/`, headers: {} },
      {
        form: 'vpce-alias',
        url: `https://${API}-${VPCE}.execute-api.us-east-1.amazonaws.com/prod/`,
        headers: {},
      },
      { form: 'vpce-hostname', url: `https://${REGIONAL}/prod/`, headers: { 'x-apigw-api-id': API } },
    ]);
    expect(input).toMatchObject({ schemaVersion: 1, vpceIds: [VPCE], budgetMs: 8000 });
  });

  it("tries the caller's own URL, host and path, for its form", () => {
    // Prepare
    const url = `https://vpce-0fff-9z9z.execute-api.us-east-1.vpce.amazonaws.com/prod/pets`;

    // Act
    const input = buildProbeInput({
      apiId: API,
      region: 'us-east-1',
      stage: 'prod',
      url,
      urlForm: 'vpce-hostname',
      endpoints: [endpoint()],
      budgetMs: 8000,
    });

    // Assess
    expect(input.urls.find((u) => u.form === 'vpce-hostname')).toEqual({
      form: 'vpce-hostname',
      url,
      headers: { 'x-apigw-api-id': API },
    });
    expect(input.urls.find((u) => u.form === 'private-dns')?.url).toBe(
      `https://${API}.execute-api.us-east-1.amazonaws.com/prod/pets`,
    );
  });

  it('tries only the private-DNS form when the VPC has no execute-api endpoint', () => {
    // Act
    const input = buildProbeInput({
      apiId: API,
      region: 'eu-west-1',
      stage: null,
      url: null,
      urlForm: 'none',
      endpoints: [],
      budgetMs: 5000,
    });

    // Assess
    expect(input.urls).toEqual([
      { form: 'private-dns', url: `https://${API}.execute-api.eu-west-1.amazonaws.com/`, headers: {} },
    ]);
  });

  it("picks the endpoint's regional name over the per-AZ and wildcard names", () => {
    // Act / Assess
    expect(endpointDnsName(endpoint(), 'us-east-1')).toBe(REGIONAL);
    expect(
      endpointDnsName(endpoint({ dnsNames: ['*.execute-api.us-east-1.amazonaws.com'] }), 'us-east-1'),
    ).toBeNull();
  });
});
