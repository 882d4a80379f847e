// Corroboration: two findings that point at the same cause make it more than a suspicion. A check that cannot
// be sure on its own (the caller's VPC was inferred, no URL was given, the DNS servers may forward correctly)
// reports a *warning*; when another check independently saw what that cause would produce, the report builder
// raises the warning to an error, so it can become the primary cause.
//
// The one corroborating signal today is "no request reached the API": logging was on at INFO and the window holds
// no execution-log event (NO_REQUESTS_REACHED_API). A request stopped before API Gateway — a name that resolves
// to the public front door, a DNS server that does not know the endpoint's zone — leaves no log line, so silence
// is exactly what a fault in an earlier layer predicts. A fault in the API's own layer (a policy deny) does write a
// line, so silence does not corroborate those.
//
// Only warnings are raised. An `info` finding is one a check judged not to apply to this caller's path (the URL
// given does not use the private-DNS name, say): no corroboration overrides that.

import type { FindingCode } from './catalogue.js';
import type { Finding } from './types.js';

export interface CorroborationRule {
  /** The finding raised from warning to error. */
  raises: FindingCode;
  /** Any one of these findings (at any severity) corroborates it. */
  by: readonly FindingCode[];
  /** Why the corroborating finding supports this cause: appended to the raised finding's detail. */
  because: string;
}

const SILENCE =
  'no request reached the API in the log window (execution logging is on at INFO), which is what a request ' +
  'stopped before API Gateway looks like';

/** Which finding is raised by which corroborating finding (documented in README, "Corroboration"). */
export const CORROBORATION_RULES: readonly CorroborationRule[] = [
  {
    // Warning when no URL was given and the endpoint's {api}-{vpce} alias exists: callers using the alias would
    // not need private DNS — but then their requests would have reached the API and been logged.
    raises: 'PRIVATE_DNS_DISABLED',
    by: ['NO_REQUESTS_REACHED_API'],
    because: `${SILENCE}: callers use the default hostname, which resolves publicly without private DNS`,
  },
  {
    // Warning when the VPC's DNS attributes are off but the check could not tell whether the caller needs them.
    raises: 'VPC_DNS_ATTRIBUTES_DISABLED',
    by: ['NO_REQUESTS_REACHED_API'],
    because: `${SILENCE}: the private-DNS name does not resolve to the endpoint in that VPC`,
  },
  {
    // Warning: custom DNS servers may forward the execute-api zone to the VPC resolver, or may not.
    raises: 'VPC_CUSTOM_DNS_SERVERS',
    by: ['NO_REQUESTS_REACHED_API'],
    because: `${SILENCE}: the custom DNS servers most likely resolve the name to public addresses`,
  },
  {
    // Warning when the caller's VPC is not known: the capturing endpoint may not be in the caller's VPC.
    raises: 'PUBLIC_API_SHADOWED_BY_PRIVATE_DNS',
    by: ['NO_REQUESTS_REACHED_API'],
    because: `${SILENCE}: the calls are answered by the private-DNS endpoint instead`,
  },
  {
    raises: 'SG_ENDPOINT_NO_INGRESS_443',
    by: ['NO_REQUESTS_REACHED_API'],
    because: `${SILENCE}: connections to the endpoint are dropped before any request is made`,
  },
  {
    raises: 'NACL_BLOCKS_443',
    by: ['NO_REQUESTS_REACHED_API'],
    because: `${SILENCE}: the network ACL drops the connection before any request is made`,
  },
  {
    // Warning when only the endpoint's own name (the CNAME target of the alias or custom domain) is blocked: the
    // caller's record may be an alias without a chain — unless nothing reached the API.
    raises: 'DNS_FIREWALL_BLOCKS',
    by: ['NO_REQUESTS_REACHED_API'],
    because: `${SILENCE}: the blocked lookup of the endpoint's name stops the calls before they are made`,
  },
];

/**
 * Raises every warning a rule's corroborating finding supports. Pure: returns new findings (the raised ones with
 * severity `error`, `evidence.corroboratedBy` listing the supporting codes and the reason in the detail) and the
 * codes raised; findings no rule touches are returned as they were.
 */
export function corroborate(
  findings: readonly Finding[],
  rules: readonly CorroborationRule[] = CORROBORATION_RULES,
): Finding[] {
  const present = new Set<FindingCode>(findings.map((f) => f.code));
  return findings.map((f) => {
    if (f.severity !== 'warning') return f;
    const rule = rules.find((candidate) => candidate.raises === f.code);
    const supporting = rule?.by.filter((code) => present.has(code)) ?? [];
    if (rule === undefined || supporting.length === 0) return f;
    return {
      ...f,
      severity: 'error',
      detail: `${f.detail} Corroborated, so reported as an error: ${rule.because}.`,
      evidence: { ...f.evidence, corroboratedBy: supporting },
    };
  });
}
