// Name resolution as the caller's VPC sees it: node:dns Resolver (c-ares) reads the VPC resolver from
// /etc/resolv.conf inside the Lambda, or uses the server the input names. A and AAAA are asked together
// because private APIs can be dual-stack.

import { Resolver } from 'node:dns/promises';
import type { DnsStep, ProbeName } from '../schema.js';
import { elapsedSince, errorCodeOf, expiry } from './deadline.js';

export async function resolveName(
  name: ProbeName,
  timeoutMs: number,
  server: string | undefined,
): Promise<DnsStep> {
  const started = performance.now();
  // One resolver per name so cancelling a late name does not cancel the others.
  const resolver = new Resolver({ timeout: Math.max(1, Math.floor(timeoutMs)), tries: 1 });
  if (server !== undefined) resolver.setServers([server]);
  let timedOut = false;
  const timer = expiry(timeoutMs, () => {
    timedOut = true;
    resolver.cancel();
  });
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(name.name), resolver.resolve6(name.name)]);
  timer.clear();
  const addresses = [...fulfilled(v4), ...fulfilled(v6)];
  return {
    name: name.name,
    role: name.role,
    vpceId: name.vpceId ?? null,
    addresses,
    errorCode: addresses.length > 0 ? null : timedOut ? 'ETIMEOUT' : failureCode(v4, v6),
    ms: elapsedSince(started),
  };
}

function fulfilled(result: PromiseSettledResult<string[]>): string[] {
  return result.status === 'fulfilled' ? result.value : [];
}

/** The A query's error explains best (NXDOMAIN, SERVFAIL); AAAA only when A had no answer without error. */
function failureCode(v4: PromiseSettledResult<string[]>, v6: PromiseSettledResult<string[]>): string {
  if (v4.status === 'rejected') return errorCodeOf(v4.reason);
  if (v6.status === 'rejected') return errorCodeOf(v6.reason);
  return 'ENODATA';
}
