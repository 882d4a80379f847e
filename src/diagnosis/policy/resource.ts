// Resource matching for API Gateway ARNs: the `execute-api:/stage/METHOD/path` short form a resource policy
// may use, full ARNs with wildcards, and an unknown account. The account is the API's own (the bot's
// GetCallerIdentity), never one read from the policy: a Resource naming another account matches nothing here, and
// when the account is unknown, a Resource naming a specific one may or may not match ('unknown').

import type { ApiContext } from './types.js';
import { wildcardMatch } from './wildcard.js';

const SHORT_FORM_PREFIX = 'execute-api:/';
const ACCOUNT_SEGMENT = 4;

/**
 * `execute-api:/prod/GET/pets` → `arn:aws:execute-api:{region}:{account}:{apiId}/prod/GET/pets`; in a private
 * custom domain's policy, `execute-api:/domainnames/*` → `arn:aws:execute-api:{region}:{account}:/domainnames/*`,
 * and `execute-api:/*` (the tutorial's form) → the domain's own ARN.
 */
export function expandResource(pattern: string, api: ApiContext): string {
  if (!pattern.toLowerCase().startsWith(SHORT_FORM_PREFIX)) return pattern;
  const rest = pattern.slice(SHORT_FORM_PREFIX.length - 1);
  if (api.domainArn !== undefined && !rest.toLowerCase().startsWith('/domainnames/')) {
    // In a domain's policy every short form names that domain: `execute-api:/*` is the domain itself.
    return /^\/\*+$/.test(rest) ? api.domainArn : `${api.domainArn}${rest}`;
  }
  const owner = rest.toLowerCase().startsWith('/domainnames/') ? '' : api.apiId;
  return `arn:aws:execute-api:${api.region}:${api.accountId ?? '*'}:${owner}${rest}`;
}

/** The six ARN segments (the last keeps its colons), or null when the text is not an ARN. */
function arnSegments(text: string): string[] | null {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0]?.toLowerCase() !== 'arn') return null;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

export function resourceMatches(pattern: string, resource: string, api: ApiContext): boolean | 'unknown' {
  const expanded = expandResource(pattern, api);
  if (expanded === '*') return true;
  const patternParts = arnSegments(expanded);
  const resourceParts = arnSegments(resource);
  if (!patternParts || !resourceParts) return wildcardMatch(expanded, resource);
  let accountUnknown = false;
  const others = patternParts.every((part, i) => {
    const actual = resourceParts[i] ?? '';
    if (i === ACCOUNT_SEGMENT && (api.accountId === null || actual === '*')) {
      if (!/^\*+$/.test(part)) accountUnknown = true;
      return true;
    }
    return wildcardMatch(part, actual, { ignoreCase: i < ACCOUNT_SEGMENT });
  });
  if (!others) return false;
  return accountUnknown ? 'unknown' : true;
}

/** The account segment of an ARN pattern (`*` for the short form), or null when it is not an ARN. */
export function accountOfPattern(pattern: string): string | null {
  if (pattern.toLowerCase().startsWith(SHORT_FORM_PREFIX)) return '*';
  return arnSegments(pattern)?.[ACCOUNT_SEGMENT] ?? null;
}
