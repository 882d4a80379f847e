// What the in-VPC probe is asked to do, from what the engine knows: the names a caller in this VPC may use
// (private-DNS name, `{api}-{vpce}` aliases, the endpoints' own names) and one GET per URL form.
// Pure: no I/O, so the request the probe makes is easy to test and to show as evidence.

import type { ProbeInput, ProbeName, ProbeUrlForm, ProbeUrlRequest } from '../probe/schema.js';
import type { VpcEndpointInfo } from './facts.js';
import { privateDnsHostname, vpceAliasHostname } from './model/endpoints.js';
import { endpointDnsName } from './net/hostname.js';
import type { UrlForm } from './types.js';

export interface ProbePlanContext {
  apiId: string;
  region: string;
  stage: string | null;
  /** The URL the user pasted (no query string), if any; its form is tried exactly as given. */
  url: string | null;
  urlForm: UrlForm;
  /** The caller VPC's execute-api interface endpoints in the API's region. */
  endpoints: VpcEndpointInfo[];
  budgetMs: number;
}

export function buildProbeInput(context: ProbePlanContext): ProbeInput {
  const { apiId, region } = context;
  const userUrl = context.url === null ? null : safeUrl(context.url);
  const path = userUrl?.pathname ?? (context.stage ? `/${context.stage}/` : '/');

  const names: ProbeName[] = [{ name: privateDnsHostname(apiId, region), role: 'private-dns' }];
  for (const endpoint of context.endpoints) {
    names.push({
      name: vpceAliasHostname(apiId, endpoint.id, region),
      role: 'vpce-alias',
      vpceId: endpoint.id,
    });
    const own = endpointDnsName(endpoint, region);
    if (own) names.push({ name: own, role: 'endpoint', vpceId: endpoint.id });
  }

  const userHost = userUrl?.hostname.toLowerCase() ?? null;
  const firstEndpoint = context.endpoints[0];
  const hostFor: Record<ProbeUrlForm, string | null> = {
    'private-dns': privateDnsHostname(apiId, region),
    'vpce-alias': firstEndpoint ? vpceAliasHostname(apiId, firstEndpoint.id, region) : null,
    'vpce-hostname': firstEndpoint ? endpointDnsName(firstEndpoint, region) : null,
  };
  // The caller's own URL replaces the guessed one for its form: it may name another endpoint.
  // A custom domain is not one of the probe's forms: the probe tries the three execute-api forms.
  if (userHost !== null && context.urlForm !== 'none' && context.urlForm !== 'custom-domain') {
    hostFor[context.urlForm] = userHost;
  }

  const urls: ProbeUrlRequest[] = [];
  for (const form of ['private-dns', 'vpce-alias', 'vpce-hostname'] as const) {
    const host = hostFor[form];
    if (host === null) continue;
    // Without it the vpce hostname cannot tell which API is meant (domain-reference A6).
    const headers: Record<string, string> = form === 'vpce-hostname' ? { 'x-apigw-api-id': apiId } : {};
    urls.push({ form, url: `https://${host}${path}`, headers });
  }

  return {
    schemaVersion: 1,
    apiId,
    region,
    stage: context.stage,
    vpceIds: context.endpoints.map((endpoint) => endpoint.id),
    names,
    urls,
    budgetMs: context.budgetMs,
  };
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
