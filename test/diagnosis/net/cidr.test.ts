import { describe, expect, it } from 'vitest';
import { cidrContains, cidrFamily, cidrsOverlap, parseCidr } from '../../../src/diagnosis/net/cidr.js';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/16', { family: 4, network: 0x0a000000n, prefix: 16 }],
    ['10.0.7.9/16', { family: 4, network: 0x0a000000n, prefix: 16 }],
    ['0.0.0.0/0', { family: 4, network: 0n, prefix: 0 }],
    ['192.168.1.5', { family: 4, network: 0xc0a80105n, prefix: 32 }],
    ['::/0', { family: 6, network: 0n, prefix: 0 }],
    ['2001:db8::/32', { family: 6, network: 0x20010db8n << 96n, prefix: 32 }],
    ['::ffff:10.0.0.1', { family: 6, network: 0xffff0a000001n, prefix: 128 }],
    ['2001:DB8:0:0:0:0:0:1/128', { family: 6, network: (0x20010db8n << 96n) | 1n, prefix: 128 }],
  ])('reads %s', (text, expected) => {
    // Act
    const parsed = parseCidr(text);

    // Assess
    expect(parsed).toEqual(expected);
  });

  it.each([
    '10.0.0/16',
    '10.0.0.256/24',
    '10.0.0.0/33',
    '10.0.0.0/x',
    '1::2::3',
    '2001:db8::/129',
    'g::/8',
    '1:2:3:4:5:6:7:8:9',
    '',
    'pl-123',
  ])('rejects %j', (text) => {
    // Act
    const parsed = parseCidr(text);

    // Assess
    expect(parsed).toBeNull();
  });
});

describe('cidrContains', () => {
  it.each([
    ['0.0.0.0/0', '10.0.0.0/16', true],
    ['10.0.0.0/16', '10.0.3.0/24', true],
    ['10.0.0.0/16', '10.0.0.0/16', true],
    ['10.0.3.0/24', '10.0.0.0/16', false],
    ['10.1.0.0/16', '10.0.3.0/24', false],
    ['2001:db8::/32', '2001:db8:1::/48', true],
    ['2001:db8:1::/48', '2001:db8::/32', false],
    ['::/0', '10.0.0.0/16', false],
    ['not-a-cidr', '10.0.0.0/16', false],
  ])('says %s contains %s is %s', (outer, inner, expected) => {
    // Act
    const contains = cidrContains(outer, inner);

    // Assess
    expect(contains).toBe(expected);
  });
});

describe('cidrsOverlap', () => {
  it.each([
    ['10.0.0.0/16', '10.0.3.0/24', true],
    ['10.0.3.0/24', '10.0.0.0/16', true],
    ['10.0.3.0/24', '10.0.4.0/24', false],
    ['0.0.0.0/0', '172.16.0.0/12', true],
    ['10.0.0.5/32', '10.0.0.0/29', true],
    ['2001:db8::/32', '2001:db8:ffff::/48', true],
    ['2001:db8::/32', '2001:db9::/32', false],
    ['::/0', '0.0.0.0/0', false],
  ])('says %s overlaps %s is %s', (first, second, expected) => {
    // Act
    const overlaps = cidrsOverlap(first, second);

    // Assess
    expect(overlaps).toBe(expected);
  });
});

describe('cidrFamily', () => {
  it('names the family of IPv4, IPv6 and invalid text', () => {
    // Act
    const families = ['10.0.0.0/8', 'fd00::/8', 'nope'].map(cidrFamily);

    // Assess
    expect(families).toEqual([4, 6, null]);
  });
});
