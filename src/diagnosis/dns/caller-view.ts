// The resolution model's inputs, taken from the gathered facts of one caller VPC, and the name its callers use.

import type { DnsLayer, Facts, VpcEndpointInfo } from '../facts.js';
import { inRegionExecuteApiEndpoints, isAvailable, privateDnsHostname } from '../model/endpoints.js';
import type { DiagnosisRequest } from '../types.js';
import { type Resolution, resolveName, userZones, type VpcDnsView } from './resolution.js';

/** The hostname the caller resolves: its URL's host, else the private-DNS name. */
export function callerHostname(request: Pick<DiagnosisRequest, 'url' | 'apiId'>, region: string): string {
  if (request.url !== null) {
    try {
      return new URL(request.url).hostname.toLowerCase();
    } catch {
      // fall through: the parser validated the URL, but never trust that here
    }
  }
  return privateDnsHostname(request.apiId, region);
}

/** The model's view of a caller VPC: its rules, user zones, the records read, and the endpoints it could reach. */
export function dnsViewOf(facts: Facts, layer: DnsLayer): VpcDnsView {
  const vpc = facts.callerVpcs.find((c) => c.vpcId === layer.vpcId);
  const own = inRegionExecuteApiEndpoints(vpc?.endpoints ?? [], facts.region);
  const known = new Map<string, VpcEndpointInfo>();
  for (const ep of [
    ...facts.callerVpcs.flatMap((c) => c.endpoints),
    ...(facts.endpoints?.ok ? facts.endpoints.value : []),
  ])
    known.set(ep.id, ep);
  const interfaces = facts.endpointInterfaces?.ok ? facts.endpointInterfaces.value : null;
  return {
    region: facts.region,
    rules: layer.resolverRules.ok ? layer.resolverRules.value.rules : [],
    zones: layer.hostedZones.ok ? userZones(layer.hostedZones.value.zones) : [],
    privateDnsEndpoint: own.find((ep) => ep.privateDnsEnabled && isAvailable(ep)) ?? null,
    zoneRecords: layer.zoneRecords,
    endpoints: inRegionExecuteApiEndpoints([...known.values()], facts.region),
    endpointAddresses: interfaces
      ? [...known.values()].map((ep) => ({
          vpceId: ep.id,
          addresses: interfaces
            .filter((eni) => ep.networkInterfaceIds.includes(eni.id))
            .flatMap((eni) => [...eni.privateIpAddresses, ...eni.ipv6Addresses]),
        }))
      : null,
  };
}

/** Where the caller's name resolves in each caller VPC whose DNS layer was read. */
export function callerResolutions(facts: Facts): { layer: DnsLayer; resolution: Resolution }[] {
  const name = callerHostname(facts.request, facts.region);
  return facts.dnsLayers.map((layer) => ({ layer, resolution: resolveName(name, dnsViewOf(facts, layer)) }));
}
