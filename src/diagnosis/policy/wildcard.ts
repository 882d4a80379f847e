// IAM's two wildcards: `*` (any run of characters, `/` and `:` included) and `?` (exactly one character).

const cache = new Map<string, RegExp>();

function toRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = `${ignoreCase ? 'i' : 's'}:${pattern}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const body = pattern
    .split('')
    .map((ch) => {
      if (ch === '*') return '.*';
      if (ch === '?') return '.';
      return ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  const regExp = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
  cache.set(cacheKey, regExp);
  return regExp;
}

export function wildcardMatch(
  pattern: string,
  value: string,
  options: { ignoreCase?: boolean } = {},
): boolean {
  return toRegExp(pattern, options.ignoreCase ?? false).test(value);
}
