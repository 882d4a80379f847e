import { describe, expect, it } from 'vitest';
import {
  type ButtonValue,
  decodeButtonValue,
  encodeButtonValue,
  fixTargetFromButton,
} from '../../src/slack/button-value.js';

const VALUE: ButtonValue = {
  apiId: 'a1b2c3d4e5',
  region: 'eu-west-1',
  stage: 'prod',
  vpcId: 'vpc-0f3a9c2e71d4b5a68',
  vpceId: 'vpce-0abc1234def567890',
  securityGroupIds: ['sg-0123abcd'],
  urlForm: 'private-dns',
  sinceMs: 900_000,
  probe: false,
  accountId: '123456789012',
  customDomain: null,
};

function tampered(change: Record<string, unknown>): string {
  return JSON.stringify({ ...JSON.parse(encodeButtonValue(VALUE)), ...change });
}

describe('button value codec', () => {
  it('round-trips the identifiers it carries', () => {
    const decoded = decodeButtonValue(encodeButtonValue(VALUE));

    expect(decoded).toEqual({ ok: true, value: VALUE, offerToken: null });
  });

  it("carries a fix button's offer token beside the identifiers, and reads old values without an account", () => {
    const token = 'A'.repeat(43);
    const { n: _account, ...old } = JSON.parse(encodeButtonValue(VALUE)) as Record<string, unknown>;

    expect(decodeButtonValue(encodeButtonValue(VALUE, token))).toEqual({
      ok: true,
      value: VALUE,
      offerToken: token,
    });
    expect(decodeButtonValue(JSON.stringify(old))).toEqual({
      ok: true,
      value: { ...VALUE, accountId: null },
      offerToken: null,
    });
  });

  it('round-trips the custom domain and base path, so a re-run checks the domain again', () => {
    // Prepare
    const withDomain: ButtonValue = {
      ...VALUE,
      urlForm: 'custom-domain',
      customDomain: { name: 'api.example.internal', basePath: 'orders' },
    };

    // Act
    const decoded = decodeButtonValue(encodeButtonValue(withDomain));

    // Assess
    expect(decoded).toEqual({ ok: true, value: withDomain, offerToken: null });
  });

  it.each([
    ['a domain that is not a DNS name', { d: 'not a domain' }, 'bad domain name'],
    ['a base path with a slash', { d: 'api.example.internal', b: 'a/b' }, 'bad base path'],
  ])('refuses %s', (_case, change, problem) => {
    expect(decodeButtonValue(tampered(change))).toEqual({ ok: false, problem });
  });

  it('builds the fix target from the identifiers only', () => {
    expect(fixTargetFromButton(VALUE)).toEqual({
      apiId: 'a1b2c3d4e5',
      region: 'eu-west-1',
      stage: 'prod',
      vpceId: 'vpce-0abc1234def567890',
      accountId: '123456789012',
    });
  });

  it('carries the reference of the report request, and refuses one that is not a reference', () => {
    const withRef: ButtonValue = { ...VALUE, requestRef: 'AbCdEfGhIjKlMnOp' };

    expect(decodeButtonValue(encodeButtonValue(withRef))).toEqual({
      ok: true,
      value: withRef,
      offerToken: null,
    });
    expect(decodeButtonValue(tampered({ q: '../../etc' }))).toEqual({
      ok: false,
      problem: 'bad request reference',
    });
  });

  it("carries a fix plan's basis to the fix target, and refuses one that is not a fingerprint", () => {
    const withBasis: ButtonValue = { ...VALUE, basis: 'wn0l8YUytR8NDPu5Kh39ht' };

    expect(decodeButtonValue(encodeButtonValue(withBasis))).toEqual({
      ok: true,
      value: withBasis,
      offerToken: null,
    });
    expect(
      fixTargetFromButton(withBasis, { url: 'https://x.example/prod/pets', method: 'POST' }),
    ).toMatchObject({
      basis: 'wn0l8YUytR8NDPu5Kh39ht',
      invocation: { url: 'https://x.example/prod/pets', method: 'POST' },
    });
    expect(decodeButtonValue(tampered({ h: 'not a fingerprint!' }))).toEqual({
      ok: false,
      problem: 'bad plan basis',
    });
  });

  it("carries the endpoint's account across accounts, so an endpoint fix acts in the consumer's account", () => {
    // Prepare
    const crossAccount: ButtonValue = { ...VALUE, endpointAccountId: '222222222222' };

    // Act
    const decoded = decodeButtonValue(encodeButtonValue(crossAccount));

    // Assess
    expect(decoded).toEqual({ ok: true, value: crossAccount, offerToken: null });
    expect(decoded.ok && fixTargetFromButton(decoded.value)).toMatchObject({
      accountId: '123456789012',
      endpointAccountId: '222222222222',
    });
    expect(decodeButtonValue(tampered({ o: '2222' }))).toEqual({
      ok: false,
      problem: 'bad endpoint account id',
    });
  });

  it.each([
    ['not JSON', 'not json'],
    ['an array', '[]'],
    ['an oversized value', 'x'.repeat(2001)],
    ['an api id with a path', tampered({ a: '../../etc' })],
    ['a region that is not one', tampered({ r: 'us-east-1; rm -rf' })],
    ['a stage with spaces', tampered({ s: 'prod stage' })],
    ['a vpce id of the wrong shape', tampered({ e: 'vpce-xyz' })],
    ['a security group that is not one', tampered({ g: ['sg-1', 'sg-0123abcd'] })],
    ['an unknown url form', tampered({ f: 'ftp' })],
    ['a log window beyond 7 days', tampered({ t: 8 * 86_400_000 })],
    ['a probe flag that is not boolean', tampered({ p: 'yes' })],
    ['an unknown version', tampered({ v: 2 })],
    ['an account id that is not 12 digits', tampered({ n: '1234' })],
    ['an offer token of the wrong shape', tampered({ k: 'short' })],
    ['an offer token that is not a string', tampered({ k: 42 })],
  ])('rejects %s', (_label, raw) => {
    expect(decodeButtonValue(raw).ok).toBe(false);
  });

  it('rejects a value that is not a string', () => {
    expect(decodeButtonValue(undefined).ok).toBe(false);
  });
});
