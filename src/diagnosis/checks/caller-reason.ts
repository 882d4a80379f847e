// The skip reason every caller-side check gives when it has no caller VPC to look at.

import type { Facts } from '../facts.js';

/**
 * Why the caller-side checks cannot run without a caller VPC: its endpoint is in an account this tool cannot read
 * (say which), or nobody said who the caller is.
 */
export function unknownCallerReason(facts: Facts): string {
  const invisible = [
    ...facts.unknownEndpointRefs.map((ref) => ref.vpceId),
    ...facts.unknownVpcRefs.map((ref) => ref.vpcId),
  ];
  if (invisible.length > 0) {
    return `the caller (${invisible.join(', ')}) is in no account this tool can read: see VPCE_NOT_VISIBLE`;
  }
  return 'caller VPC unknown: pass --vpc or --vpce';
}
