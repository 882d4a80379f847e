// Principal matching for resource and endpoint policies: `"*"` and `{"AWS": "*"}` include anonymous callers;
// a named AWS principal (ARN or account) never matches an unsigned call, and for a caller who signs but whose
// identity is not known (`signed`) whether it matches is unknown: it depends on who signs.

import type { PrincipalBlock } from './types.js';

const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_ROOT = /^arn:aws[\w-]*:iam::(\d{12}):root$/;

/**
 * Request-context keys that describe the signing principal. An unsigned call carries none of them; for a signed
 * caller of unknown identity their values are unknown, so conditions on them depend on who signs.
 */
export const SIGNER_KEYS = [
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalIsAWSService',
  'aws:PrincipalServiceName',
  'aws:PrincipalServiceNamesList',
  'aws:PrincipalType',
  'aws:PrincipalTag',
  'aws:userid',
  'aws:username',
  'aws:SourceIdentity',
  'aws:MultiFactorAuthPresent',
] as const;

/** True when the condition key names the signer (aws:PrincipalTag/… included). */
export function isSignerKey(key: string): boolean {
  const lower = key.toLowerCase();
  return SIGNER_KEYS.some((k) => lower === k.toLowerCase() || lower.startsWith(`${k.toLowerCase()}/`));
}

function accountOf(arn: string): string | null {
  return arn.split(':')[4] ?? null;
}

export function isAnyonePrincipal(block: PrincipalBlock): boolean {
  if (block === '*') return true;
  return Object.entries(block).some(([kind, ids]) => kind.toUpperCase() === 'AWS' && ids.includes('*'));
}

/** `signed`: a caller that signs with SigV4 as some IAM principal the engine does not know. */
export function principalMatches(block: PrincipalBlock, principal: string): boolean | 'unknown' {
  if (isAnyonePrincipal(block)) return true;
  if (principal === 'anonymous') return false;
  if (principal === 'signed') return 'unknown';
  const awsIds = Object.entries(block)
    .filter(([kind]) => kind.toUpperCase() === 'AWS')
    .flatMap(([, ids]) => ids);
  const callerAccount = accountOf(principal);
  return awsIds.some((id) => {
    if (id === principal) return true;
    if (ACCOUNT_ID.test(id)) return id === callerAccount;
    const root = ACCOUNT_ROOT.exec(id);
    return root !== null && root[1] === callerAccount;
  });
}

/** True when the block names specific principals (so a signed caller may be allowed where anonymous is not). */
export function namesSpecificPrincipals(block: PrincipalBlock | undefined): boolean {
  return block !== undefined && !isAnyonePrincipal(block);
}
