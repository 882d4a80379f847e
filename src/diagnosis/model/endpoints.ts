// The rules about execute-api endpoints and their host names, in one place: which VPC endpoints serve API
// Gateway in a region, which of a VPC's endpoints a caller goes through, and the names a caller can use (the
// private DNS name, the `{api}-{vpce}` alias, the endpoint's own `vpce-…` name). Gathering, the checks, the probe
// plan and the fixes all ask here, so a rule changes in one place. Pure: no I/O.

import type { VpcEndpointInfo } from '../facts.js';
import type { DiagnosisRequest, UrlForm } from '../types.js';

/** The interface endpoint service of API Gateway in a region: `com.amazonaws.<region>.execute-api`. */
export function executeApiServiceName(region: string): string {
  return `com.amazonaws.${region}.execute-api`;
}

/** The region an execute-api service name serves: the label just before `execute-api` (any partition prefix). */
export function serviceRegion(serviceName: string): string | null {
  const labels = serviceName.split('.');
  return labels.length >= 2 && labels[labels.length - 1] === 'execute-api'
    ? (labels[labels.length - 2] ?? null)
    : null;
}

/** An interface endpoint for any region's execute-api service. */
export function isExecuteApiInterface(endpoint: VpcEndpointInfo): boolean {
  return endpoint.serviceName.endsWith('.execute-api') && endpoint.type.toLowerCase() === 'interface';
}

/** An execute-api interface endpoint that serves `region`: the only kind a request to an API there can use. */
export function servesRegion(endpoint: VpcEndpointInfo, region: string): boolean {
  return isExecuteApiInterface(endpoint) && serviceRegion(endpoint.serviceName) === region;
}

/** The endpoints among `endpoints` that serve `region`'s execute-api. */
export function inRegionExecuteApiEndpoints(endpoints: VpcEndpointInfo[], region: string): VpcEndpointInfo[] {
  return endpoints.filter((endpoint) => servesRegion(endpoint, region));
}

/** An endpoint that carries traffic (EC2's `available`). */
export function isAvailable(endpoint: VpcEndpointInfo): boolean {
  return endpoint.state.toLowerCase() === 'available';
}

/** The zone of every default API host name in a region, which an endpoint's private DNS answers for. */
export function executeApiDomain(region: string): string {
  return `execute-api.${region}.amazonaws.com`;
}

/** The API's default host name; it reaches a private API only through an endpoint with private DNS on. */
export function privateDnsHostname(apiId: string, region: string): string {
  return `${apiId}.${executeApiDomain(region)}`;
}

/** The `{api}-{vpce}` alias: public DNS resolving to the endpoint, for endpoints associated with the API. */
export function vpceAliasHostname(apiId: string, vpceId: string, region: string): string {
  return `${apiId}-${vpceId}.${executeApiDomain(region)}`;
}

/** What every endpoint's own public name ends with: `vpce-<id>-<suffix>` comes before it. */
export function vpceHostnameSuffix(region: string): string {
  return `.execute-api.${region}.vpce.amazonaws.com`;
}

/** An endpoint's own name with its id and suffix left open, for texts that cannot name the real one. */
export function vpceHostnamePattern(region: string): string {
  return `vpce-…${vpceHostnameSuffix(region)}`;
}

/** The URL forms that call an execute-api host name (every form but a custom domain, when a URL was given). */
export const EXECUTE_API_URL_FORMS: readonly UrlForm[] = ['private-dns', 'vpce-alias', 'vpce-hostname'];

/**
 * The default host name, given or implied (no URL): the only form whose resolution depends on the VPC's DNS (the
 * endpoint's private DNS, the VPC's DNS attributes and resolver).
 */
export function usesPrivateDnsName(urlForm: UrlForm): boolean {
  return urlForm === 'private-dns' || urlForm === 'none';
}

/**
 * The endpoints a caller in this VPC goes through: the one it named (--vpce or the URL's), else — for the
 * private-DNS name — the one whose private DNS answers for that name. Judging every endpoint of the VPC would make
 * an unused, broken endpoint the primary cause. Endpoints of other regions stay listed (they are a finding).
 */
export function endpointsInUse(
  request: Pick<DiagnosisRequest, 'vpceId' | 'urlForm'>,
  vpcEndpoints: VpcEndpointInfo[],
  region: string,
): VpcEndpointInfo[] {
  const named = vpcEndpoints.find((e) => e.id === request.vpceId);
  const otherRegions = (except?: VpcEndpointInfo) =>
    vpcEndpoints.filter((e) => e !== except && !servesRegion(e, region));
  if (named) return [named, ...otherRegions(named)];
  const privateDns = vpcEndpoints.filter((e) => servesRegion(e, region) && e.privateDnsEnabled);
  if (usesPrivateDnsName(request.urlForm) && privateDns.length > 0) return [...privateDns, ...otherRegions()];
  return vpcEndpoints;
}
