// Principal matching for resource and endpoint policies: `"*"` and `{"AWS": "*"}` include anonymous callers;
// a named AWS principal (ARN or account) never matches an unsigned call.

import type { PrincipalBlock } from './types.js';

const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_ROOT = /^arn:aws[\w-]*:iam::(\d{12}):root$/;

function accountOf(arn: string): string | null {
  return arn.split(':')[4] ?? null;
}

export function isAnyonePrincipal(block: PrincipalBlock): boolean {
  if (block === '*') return true;
  return Object.entries(block).some(([kind, ids]) => kind.toUpperCase() === 'AWS' && ids.includes('*'));
}

export function principalMatches(block: PrincipalBlock, principal: string): boolean {
  if (isAnyonePrincipal(block)) return true;
  if (principal === 'anonymous') return false;
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
