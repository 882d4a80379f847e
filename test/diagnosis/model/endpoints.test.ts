import { describe, expect, it } from 'vitest';
import {
  EXECUTE_API_URL_FORMS,
  endpointsInUse,
  executeApiDomain,
  executeApiServiceName,
  inRegionExecuteApiEndpoints,
  isExecuteApiInterface,
  privateDnsHostname,
  servesRegion,
  serviceRegion,
  usesPrivateDnsName,
  vpceAliasHostname,
  vpceHostnamePattern,
  vpceHostnameSuffix,
} from '../../../src/diagnosis/model/endpoints.js';
import { isExecuteApiEndpointName } from '../../../src/diagnosis/net/hostname.js';
import type { UrlForm } from '../../../src/diagnosis/types.js';
import { diagnosisRequest, endpoint } from '../checks/facts-builder.js';

describe('execute-api host names', () => {
  it.each<[string, string, string]>([
    ['service name', executeApiServiceName('eu-west-1'), 'com.amazonaws.eu-west-1.execute-api'],
    ['private-DNS zone', executeApiDomain('eu-west-1'), 'execute-api.eu-west-1.amazonaws.com'],
    [
      'default host name',
      privateDnsHostname('a1b2c3d4e5', 'eu-west-1'),
      'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
    ],
    [
      '{api}-{vpce} alias',
      vpceAliasHostname('a1b2c3d4e5', 'vpce-0abc', 'eu-west-1'),
      'a1b2c3d4e5-vpce-0abc.execute-api.eu-west-1.amazonaws.com',
    ],
    ['vpce name suffix', vpceHostnameSuffix('eu-west-1'), '.execute-api.eu-west-1.vpce.amazonaws.com'],
    [
      'vpce name pattern',
      vpceHostnamePattern('eu-west-1'),
      'vpce-….execute-api.eu-west-1.vpce.amazonaws.com',
    ],
  ])('%s', (_name, built, expected) => {
    expect(built).toBe(expected);
  });

  it('builds the suffix the endpoint-name validator accepts', () => {
    expect(
      isExecuteApiEndpointName(`vpce-0abc-x1y2${vpceHostnameSuffix('eu-west-1')}`, 'eu-west-1', 'vpce-0abc'),
    ).toBe(true);
  });
});

describe('which endpoints serve a region', () => {
  it.each<[string, Partial<Parameters<typeof endpoint>[0]>, string | null, boolean]>([
    ['an interface endpoint of the region', {}, 'us-east-1', true],
    ['another region', { serviceName: 'com.amazonaws.us-west-2.execute-api' }, 'us-west-2', false],
    ['a partition prefix', { serviceName: 'cn.com.amazonaws.us-east-1.execute-api' }, 'us-east-1', true],
    ['another service', { serviceName: 'com.amazonaws.us-east-1.s3' }, null, false],
    ['a gateway endpoint', { type: 'Gateway' }, 'us-east-1', false],
  ])('%s', (_name, overrides, region, serves) => {
    const ep = endpoint(overrides);

    expect(serviceRegion(ep.serviceName)).toBe(region);
    expect(servesRegion(ep, 'us-east-1')).toBe(serves);
    expect(inRegionExecuteApiEndpoints([ep], 'us-east-1')).toEqual(serves ? [ep] : []);
    expect(isExecuteApiInterface(ep)).toBe(region !== null && ep.type === 'Interface');
  });
});

describe('which URL forms depend on the VPC DNS', () => {
  it.each<[UrlForm, boolean, boolean]>([
    ['private-dns', true, true],
    ['none', true, false],
    ['vpce-alias', false, true],
    ['vpce-hostname', false, true],
    ['custom-domain', false, false],
  ])('%s', (form, privateName, executeApi) => {
    expect(usesPrivateDnsName(form)).toBe(privateName);
    expect(EXECUTE_API_URL_FORMS.includes(form)).toBe(executeApi);
  });
});

describe('endpointsInUse', () => {
  const plain = endpoint({ id: 'vpce-0aaaaaaaaaaaaaaa1', privateDnsEnabled: false, state: 'failed' });
  const withDns = endpoint({ id: 'vpce-0bbbbbbbbbbbbbbb2', privateDnsEnabled: true });
  const otherRegion = endpoint({ id: 'vpce-0ccc', serviceName: 'com.amazonaws.us-west-2.execute-api' });
  const request = (overrides: Parameters<typeof diagnosisRequest>[0] = {}) =>
    diagnosisRequest({ urlForm: 'none', ...overrides });

  it('judges only the endpoint the caller named', () => {
    expect(endpointsInUse(request({ vpceId: plain.id }), [plain, withDns], 'us-east-1')).toEqual([plain]);
  });

  it('judges the private-DNS endpoint for a caller of the private name, not an unused broken one', () => {
    expect(endpointsInUse(request({ urlForm: 'private-dns' }), [plain, withDns], 'us-east-1')).toEqual([
      withDns,
    ]);
  });

  it('judges every endpoint when none answers the private name', () => {
    expect(endpointsInUse(request(), [plain], 'us-east-1')).toEqual([plain]);
  });

  it('keeps endpoints of another region in view (they are a finding of their own)', () => {
    expect(endpointsInUse(request({ urlForm: 'private-dns' }), [withDns, otherRegion], 'us-east-1')).toEqual([
      withDns,
      otherRegion,
    ]);
    expect(endpointsInUse(request({ vpceId: plain.id }), [plain, otherRegion], 'us-east-1')).toEqual([
      plain,
      otherRegion,
    ]);
  });

  it('judges the alias and vpce-name callers through every endpoint of the VPC', () => {
    expect(endpointsInUse(request({ urlForm: 'vpce-alias' }), [plain, withDns], 'us-east-1')).toEqual([
      plain,
      withDns,
    ]);
  });
});
