import { describe, expect, it } from 'vitest';
import { isExecuteApiEndpointName, isValidHostname } from '../../../src/diagnosis/net/hostname.js';

describe('isValidHostname', () => {
  it.each<[string, boolean]>([
    ['vpce-0abc-1a2b3c4d.execute-api.us-east-1.vpce.amazonaws.com', true],
    ['a.b', true],
    ['', false],
    ['-leading.example.com', false],
    ['trailing-.example.com', false],
    ['under_score.example.com', false],
    ['double..dot', false],
    [`${'a'.repeat(64)}.example.com`, false],
    [`${'a.'.repeat(127)}ab`, false],
    ['*.execute-api.us-east-1.amazonaws.com', false],
  ])('%s → %s', (name, valid) => {
    expect(isValidHostname(name)).toBe(valid);
  });
});

describe('isExecuteApiEndpointName', () => {
  const region = 'us-east-1';
  it.each<[string, string | undefined, boolean]>([
    [
      'vpce-0abc1234def567890-1a2b3c4d.execute-api.us-east-1.vpce.amazonaws.com',
      'vpce-0abc1234def567890',
      true,
    ],
    ['vpce-0abc1234def567890-1a2b3c4d-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com', undefined, true],
    [
      'VPCE-0ABC1234DEF567890-1A2B3C4D.execute-api.us-east-1.vpce.amazonaws.com',
      'vpce-0abc1234def567890',
      true,
    ],
    // What moto 5 returns: labels in the wrong order, not a name AWS would give.
    ['vpce-0abc1234def567890-50086b21.com.amazonaws.us-east-1.execute-api', undefined, false],
    ['vpce-0abc1234def567890-1a2b3c4d.execute-api.us-west-2.vpce.amazonaws.com', undefined, false],
    ['vpce-0abc1234def567890-1a2b3c4d.execute-api.us-east-1.vpce.amazonaws.com', 'vpce-0fff', false],
    ['a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', undefined, false],
    ['vpce-zz-1a2b.execute-api.us-east-1.vpce.amazonaws.com', undefined, false],
  ])('%s (endpoint %s) → %s', (name, vpceId, valid) => {
    expect(isExecuteApiEndpointName(name, region, vpceId)).toBe(valid);
  });
});
