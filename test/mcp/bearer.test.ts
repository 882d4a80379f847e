// The bearer check of the MCP endpoint: only `Bearer <the token>` passes.

import { describe, expect, it } from 'vitest';
import { bearerMatches } from '../../src/mcp/bearer.js';

const TOKEN = 'k3y-0123456789abcdef0123456789abcdef';

describe('bearerMatches', () => {
  it.each([
    ['the token', `Bearer ${TOKEN}`],
    ['a lower-case scheme', `bearer ${TOKEN}`],
    ['extra spaces around the token', `Bearer   ${TOKEN} `],
  ])('accepts %s', (_name, header) => {
    expect(bearerMatches(header, TOKEN)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['the token without the scheme', TOKEN],
    ['another scheme', `Basic ${TOKEN}`],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token and more', `Bearer ${TOKEN}x`],
    ['two tokens', `Bearer ${TOKEN} ${TOKEN}`],
    ['the scheme alone', 'Bearer '],
  ])('refuses %s', (_name, header) => {
    expect(bearerMatches(header, TOKEN)).toBe(false);
  });
});
