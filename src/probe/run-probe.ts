// The probe's plan of work inside one time budget: resolve every name first (the later steps need the
// addresses), then open TCP connections and send the HTTPS requests side by side until the deadline.

import { isIP } from 'node:net';
import {
  PROBE_SCHEMA_VERSION,
  type ProbeInput,
  type ProbeName,
  type ProbeNameRole,
  type ProbeOutput,
  type ProbeUrlForm,
} from './schema.js';
import { resolveName } from './steps/dns.js';
import { getOnce } from './steps/https.js';
import { connectTcp } from './steps/tcp.js';

const DEFAULT_PORT = 443;
/** Time kept back for serialising the answer and Lambda's own overhead. */
const RESERVE_MS = 250;
const DNS_CAP_MS = 2500;
const TCP_CAP_MS = 3000;

const ROLE_OF_FORM: Record<ProbeUrlForm, ProbeNameRole> = {
  'private-dns': 'private-dns',
  'vpce-alias': 'vpce-alias',
  'vpce-hostname': 'endpoint',
};

export async function runProbe(input: ProbeInput): Promise<ProbeOutput> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const usable = Math.max(1, input.budgetMs - Math.min(RESERVE_MS, input.budgetMs * 0.1));
  const deadline = started + usable;
  const remaining = () => Math.max(0, deadline - performance.now());
  const port = input.target?.port ?? DEFAULT_PORT;

  const dnsTimeout = Math.min(DNS_CAP_MS, usable * 0.4);
  const dns = await Promise.all(
    namesToResolve(input).map((name) => resolveName(name, dnsTimeout, input.resolver)),
  );
  const byName = new Map(dns.map((step) => [step.name.toLowerCase(), step]));

  const tcpTargets = unique(
    dns
      .filter((step) => step.role === 'endpoint' || step.role === 'vpce-alias')
      .flatMap((step) => step.addresses),
  );
  const tcpTimeout = Math.min(TCP_CAP_MS, remaining());
  const httpTimeout = remaining();
  const [tcp, http] = await Promise.all([
    Promise.all(tcpTargets.map((address) => connectTcp(address, port, tcpTimeout))),
    Promise.all(
      input.urls.map((urlRequest) => {
        const step = byName.get(new URL(urlRequest.url).hostname.toLowerCase());
        const address = step ? preferIpv4(step.addresses) : null;
        return getOnce(
          urlRequest,
          {
            address,
            dnsErrorCode: step?.errorCode ?? null,
            port,
            rejectUnauthorized: input.target?.tlsRejectUnauthorized ?? true,
          },
          httpTimeout,
        );
      }),
    ),
  ]);

  return {
    schemaVersion: PROBE_SCHEMA_VERSION,
    apiId: input.apiId,
    region: input.region,
    startedAt,
    ms: Math.round(performance.now() - started),
    budgetMs: input.budgetMs,
    dns,
    tcp,
    http,
  };
}

/** The names of the input plus every URL host not already listed (a URL always needs its host resolved). */
function namesToResolve(input: ProbeInput): ProbeName[] {
  const names = [...input.names];
  const known = new Set(names.map((name) => name.name.toLowerCase()));
  for (const urlRequest of input.urls) {
    const host = new URL(urlRequest.url).hostname.toLowerCase();
    if (known.has(host) || isIP(host) !== 0) continue;
    known.add(host);
    names.push({ name: host, role: ROLE_OF_FORM[urlRequest.form] });
  }
  return names;
}

/** Lambda subnets are often IPv4-only; an AAAA answer is still reported by the DNS step. */
function preferIpv4(addresses: string[]): string | null {
  return addresses.find((address) => isIP(address) === 4) ?? addresses[0] ?? null;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
