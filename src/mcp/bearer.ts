// The one check between the internet and the tools: the request's bearer token against the configured one.

import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when the Authorization header is `Bearer <token>` with exactly the configured token. Both sides are
 * hashed first, so the comparison takes the same time whatever the presented value's length or content.
 */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const presented = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '')?.[1];
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(token));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
