// Host names the report may tell a user to call. A name read from AWS is suggested only when it is a valid DNS
// host name of the shape AWS gives an execute-api endpoint: emulators (moto) return malformed ones such as
// `vpce-…-50086b21.com.amazonaws.us-east-1.execute-api`, and a URL built on one would send the user nowhere.

import type { VpcEndpointInfo } from '../facts.js';
import { vpceHostnameSuffix } from '../model/endpoints.js';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_NAME = 253;

/** RFC 1123 host name rules: 1–63 letters, digits and inner hyphens per label, at most 253 characters in all. */
export function isValidHostname(name: string): boolean {
  if (name.length === 0 || name.length > MAX_NAME) return false;
  return name.split('.').every((label) => LABEL.test(label));
}

/**
 * `vpce-<id>-<suffix>.execute-api.<region>.vpce.amazonaws.com`, or the per-AZ variant with `-<az>` after the
 * suffix: the public names AWS lists in an execute-api endpoint's DnsEntries.
 */
export function isExecuteApiEndpointName(name: string, region: string, vpceId?: string): boolean {
  const lower = name.toLowerCase();
  if (!isValidHostname(lower)) return false;
  const suffix = vpceHostnameSuffix(region);
  if (!lower.endsWith(suffix)) return false;
  const first = lower.slice(0, -suffix.length);
  if (!/^vpce-[0-9a-f]+-[a-z0-9]+(?:-[a-z]{2}(?:-[a-z]+)+-\d[a-z])?$/.test(first)) return false;
  return vpceId === undefined || first.startsWith(`${vpceId.toLowerCase()}-`);
}

/**
 * The endpoint's regional public DNS name, or null when AWS listed none that is well formed (then callers are
 * told how to look it up instead). DnsEntries also lists one name per AZ and the wildcard private names; the
 * regional one has the fewest characters.
 */
export function endpointDnsName(endpoint: VpcEndpointInfo, region: string): string | null {
  const candidates = endpoint.dnsNames
    .map((name) => name.toLowerCase())
    .filter((name) => isExecuteApiEndpointName(name, region, endpoint.id));
  candidates.sort((a, b) => a.length - b.length);
  return candidates[0] ?? null;
}

/** A copyable command that prints an endpoint's DNS name, for when its listed name cannot be trusted. */
export function endpointDnsNameLookup(vpceId: string, region: string): string {
  return (
    `aws ec2 describe-vpc-endpoints --region ${region} --vpc-endpoint-ids ${vpceId} ` +
    "--query 'VpcEndpoints[0].DnsEntries[0].DnsName' --output text"
  );
}
