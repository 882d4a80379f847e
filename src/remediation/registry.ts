// The fixes, listed once. Everything that knows about a fix reads it from here: the remediator (plan, apply),
// the remediation service (which fields a request needs, which resource one lock covers, whether a repeat is
// detectable), the Slack adapter (action ids, button labels and style, confirm dialogs, audit lines), and
// test/iam (the IAM actions against iam/remediation-policy.json). The ids are the report contract's
// REMEDIATION_IDS (src/diagnosis/types.ts): this list implements exactly those, in the same order.
// Adding a fix: name its id in REMEDIATION_IDS, write its module in fixes/ (see fix.ts for what it declares),
// add it here, give the reader or writer port the AWS call it needs (ports.ts, implemented in
// src/aws/remediation-gateway.ts), and name it in the catalogue entries of the findings it fixes
// (src/diagnosis/catalogue.ts).

import type { RemediationId } from '../diagnosis/types.js';
import type { FixDefinition } from './fix.js';
import { allowEndpointInPolicy } from './fixes/allow-endpoint-in-policy.js';
import { enableLogging } from './fixes/enable-logging.js';
import { enablePrivateDns } from './fixes/enable-private-dns.js';
import { redeployStage } from './fixes/redeploy-stage.js';

/** In the order their buttons appear (test/remediation/registry.test.ts checks them against REMEDIATION_IDS). */
export const FIXES = [
  enableLogging,
  enablePrivateDns,
  redeployStage,
  allowEndpointInPolicy,
] as const satisfies readonly FixDefinition<RemediationId>[];

/** A remediation id of the report contract (spec §5): `rerun` is a Slack action, not a fix, and is not one. */
export type FixId = (typeof FIXES)[number]['id'];

export const FIX_IDS: readonly FixId[] = FIXES.map((fix) => fix.id);

export function isFixId(value: string): value is FixId {
  return (FIX_IDS as readonly string[]).includes(value);
}

export function fixById(id: FixId): FixDefinition<FixId> {
  const fix = FIXES.find((candidate) => candidate.id === id);
  if (!fix) throw new Error(`unknown fix ${String(id)}`);
  return fix;
}
