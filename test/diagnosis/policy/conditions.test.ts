import { describe, expect, it } from 'vitest';
import { evaluateConditions, parseIamDate } from '../../../src/diagnosis/policy/conditions.js';
import type { ContextValue } from '../../../src/diagnosis/policy/index.js';

const VPCE = {
  'aws:SourceVpce': 'vpce-1a2b3c4d',
  'aws:SourceVpc': 'vpc-1a2b3c4d',
  'aws:VpcSourceIp': '10.0.1.25',
};

function holds(
  operator: string,
  key: string,
  values: string[],
  context: Record<string, ContextValue> = VPCE,
) {
  return evaluateConditions([{ operator, key, values }], context).matched;
}

describe('evaluateConditions', () => {
  it.each<[string, string, string, string[], Record<string, ContextValue> | undefined, boolean]>([
    [
      'StringEquals on the listed value',
      'StringEquals',
      'aws:SourceVpce',
      ['vpce-1a2b3c4d'],
      undefined,
      true,
    ],
    [
      'StringEquals is case-sensitive on values',
      'StringEquals',
      'aws:SourceVpce',
      ['VPCE-1A2B3C4D'],
      undefined,
      false,
    ],
    [
      'condition keys are case-insensitive (aws:sourceVpce)',
      'StringEquals',
      'aws:sourceVpce',
      ['vpce-1a2b3c4d'],
      undefined,
      true,
    ],
    [
      'context keys are case-insensitive too',
      'StringEquals',
      'aws:SourceVpce',
      ['vpce-1'],
      { 'AWS:SOURCEVPCE': 'vpce-1' },
      true,
    ],
    [
      'operator names are case-insensitive',
      'stringequals',
      'aws:SourceVpce',
      ['vpce-1a2b3c4d'],
      undefined,
      true,
    ],
    [
      'StringEquals with a list matches any listed value',
      'StringEquals',
      'aws:SourceVpce',
      ['vpce-x', 'vpce-1a2b3c4d'],
      undefined,
      true,
    ],
    [
      'StringNotEquals with a list is false when the value is listed',
      'StringNotEquals',
      'aws:SourceVpce',
      ['vpce-x', 'vpce-1a2b3c4d'],
      undefined,
      false,
    ],
    [
      'StringNotEquals with a list is true when no value is listed',
      'StringNotEquals',
      'aws:SourceVpce',
      ['vpce-x', 'vpce-y'],
      undefined,
      true,
    ],
    [
      'StringEqualsIgnoreCase ignores case',
      'StringEqualsIgnoreCase',
      'aws:SourceVpce',
      ['VPCE-1A2B3C4D'],
      undefined,
      true,
    ],
    [
      'StringNotEqualsIgnoreCase ignores case',
      'StringNotEqualsIgnoreCase',
      'aws:SourceVpce',
      ['VPCE-1A2B3C4D'],
      undefined,
      false,
    ],
    ['StringLike with a wildcard', 'StringLike', 'aws:SourceVpce', ['vpce-1a2b*'], undefined, true],
    [
      'StringNotLike with a matching wildcard',
      'StringNotLike',
      'aws:SourceVpce',
      ['vpce-*'],
      undefined,
      false,
    ],
    [
      'ArnLike with wildcards',
      'ArnLike',
      'aws:PrincipalArn',
      ['arn:aws:iam::*:role/app-*'],
      { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/app-x' },
      true,
    ],
    [
      'ArnNotEquals on the same ARN',
      'ArnNotEquals',
      'aws:PrincipalArn',
      ['arn:aws:iam::1:role/a'],
      { 'aws:PrincipalArn': 'arn:aws:iam::1:role/a' },
      false,
    ],
    ['IpAddress inside the CIDR', 'IpAddress', 'aws:VpcSourceIp', ['10.0.0.0/16'], undefined, true],
    ['IpAddress outside the CIDR', 'IpAddress', 'aws:VpcSourceIp', ['192.168.0.0/16'], undefined, false],
    ['NotIpAddress outside the CIDR', 'NotIpAddress', 'aws:VpcSourceIp', ['192.168.0.0/16'], undefined, true],
    [
      'Bool compares true/false case-insensitively',
      'Bool',
      'aws:SecureTransport',
      ['TRUE'],
      { 'aws:SecureTransport': 'true' },
      true,
    ],
    ['Null true on a missing key', 'Null', 'aws:PrincipalOrgID', ['true'], undefined, true],
    ['Null false on a missing key', 'Null', 'aws:PrincipalOrgID', ['false'], undefined, false],
    ['Null false on a present key', 'Null', 'aws:SourceVpce', ['false'], undefined, true],
    [
      'a missing key fails a positive operator',
      'StringEquals',
      'aws:PrincipalOrgID',
      ['o-123'],
      undefined,
      false,
    ],
    [
      'a missing key satisfies a negated operator',
      'StringNotEquals',
      'aws:PrincipalOrgID',
      ['o-123'],
      undefined,
      true,
    ],
    [
      'a missing key satisfies IfExists',
      'StringEqualsIfExists',
      'aws:PrincipalOrgID',
      ['o-123'],
      undefined,
      true,
    ],
    [
      'IfExists applies the test when the key is present',
      'StringEqualsIfExists',
      'aws:SourceVpce',
      ['vpce-x'],
      undefined,
      false,
    ],
    [
      'ForAnyValue holds when one value matches',
      'ForAnyValue:StringEquals',
      'aws:TagKeys',
      ['b'],
      { 'aws:TagKeys': ['a', 'b'] },
      true,
    ],
    [
      'ForAnyValue fails when none matches',
      'ForAnyValue:StringEquals',
      'aws:TagKeys',
      ['c'],
      { 'aws:TagKeys': ['a', 'b'] },
      false,
    ],
    ['ForAnyValue fails on a missing key', 'ForAnyValue:StringEquals', 'aws:TagKeys', ['c'], {}, false],
    [
      'ForAllValues holds when every value is listed',
      'ForAllValues:StringEquals',
      'aws:TagKeys',
      ['a', 'b', 'c'],
      { 'aws:TagKeys': ['a', 'b'] },
      true,
    ],
    [
      'ForAllValues fails when one value is unlisted',
      'ForAllValues:StringEquals',
      'aws:TagKeys',
      ['a'],
      { 'aws:TagKeys': ['a', 'b'] },
      false,
    ],
    ['ForAllValues holds on a missing key', 'ForAllValues:StringEquals', 'aws:TagKeys', ['a'], {}, true],
    [
      'ForAnyValue with IfExists holds on a missing key',
      'ForAnyValue:StringEqualsIfExists',
      'aws:TagKeys',
      ['a'],
      {},
      true,
    ],
  ])('%s', (_name, operator, key, values, context, expected) => {
    expect(holds(operator, key, values, context)).toBe(expected);
  });

  it('requires every clause to hold', () => {
    const result = evaluateConditions(
      [
        { operator: 'StringEquals', key: 'aws:SourceVpce', values: ['vpce-1a2b3c4d'] },
        { operator: 'StringEquals', key: 'aws:SourceVpc', values: ['vpc-other'] },
      ],
      VPCE,
    );

    expect(result.matched).toBe(false);
  });

  it('reports an unknown operator as a note, and the match as unknown, instead of throwing', () => {
    const result = evaluateConditions(
      [{ operator: 'BinaryEquals', key: 'aws:CurrentTime', values: ['x'] }],
      VPCE,
    );

    expect(result).toEqual({ matched: 'unknown', notes: [expect.stringContaining('BinaryEquals')] });
  });

  it('still reports no match when another clause is definitely false beside one it cannot judge', () => {
    const result = evaluateConditions(
      [
        { operator: 'BinaryEquals', key: 'aws:CurrentTime', values: ['x'] },
        { operator: 'StringEquals', key: 'aws:SourceVpc', values: ['vpc-other'] },
      ],
      VPCE,
    );

    expect(result.matched).toBe(false);
  });
});

describe('date and numeric operators (IAM date formats)', () => {
  const NOW = { 'aws:CurrentTime': '2026-06-01T00:00:00.000Z', 'aws:EpochTime': '1780272000' };

  it.each<[string, string, string, boolean]>([
    ['DateLessThan', 'aws:CurrentTime', '2026-06-02T00:00:00Z', true],
    ['DateLessThan', 'aws:CurrentTime', '2026-05-31T23:59:59Z', false],
    ['DateLessThanEquals', 'aws:CurrentTime', '2026-06-01T00:00:00Z', true],
    ['DateGreaterThan', 'aws:CurrentTime', '2026-06-01', false],
    ['DateGreaterThanEquals', 'aws:CurrentTime', '2026-06-01', true],
    ['DateEquals', 'aws:CurrentTime', '2026-06-01T02:00:00+02:00', true],
    ['DateNotEquals', 'aws:CurrentTime', '2026-06-01T00:00:00Z', false],
    ['DateGreaterThan', 'aws:CurrentTime', '1780271999', true],
    ['DateLessThan', 'aws:EpochTime', '2026-06-01T00:00:01Z', true],
    ['DateLessThan', 'aws:EpochTime', '1780271000', false],
    ['DateLessThanIfExists', 'aws:CurrentTime', '2020-01-01T00:00:00Z', false],
    ['DateLessThan', 'aws:CurrentTime', '2026-06-01T00:00:01', true],
    ['DateLessThan', 'aws:CurrentTime', 'next tuesday', false],
    ['NumericLessThan', 'aws:EpochTime', '1780272001', true],
    ['NumericGreaterThanEquals', 'aws:EpochTime', '1780272000', true],
    ['NumericEquals', 'aws:EpochTime', 'abc', false],
    ['NumericNotEquals', 'aws:EpochTime', '1', true],
  ])('%s %s %s → %s', (operator, key, value, expected) => {
    const result = evaluateConditions([{ operator, key, values: [value] }], NOW);

    expect(result.matched).toBe(expected);
  });

  it.each<[string, number]>([
    ['1700000000', 1_700_000_000_000],
    ['2026-06-01', Date.parse('2026-06-01T00:00:00Z')],
    ['2026-06-01T12:30Z', Date.parse('2026-06-01T12:30:00Z')],
    ['2026-06-01T12:30:00', Date.parse('2026-06-01T12:30:00Z')],
    ['2026-06-01T12:30:00.250-05:00', Date.parse('2026-06-01T17:30:00.250Z')],
  ])('parseIamDate(%s)', (text, expected) => {
    expect(parseIamDate(text)).toBe(expected);
  });

  it('rejects text that is not an IAM date', () => {
    expect(parseIamDate('June 1st')).toBeNaN();
  });
});
