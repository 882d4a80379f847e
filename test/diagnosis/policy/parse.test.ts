import { describe, expect, it } from 'vitest';
import { PolicyParseError, parsePolicy } from '../../../src/diagnosis/policy/index.js';

const ESCAPED_FROM_GET_REST_API =
  '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",' +
  '\\"Action\\":\\"execute-api:Invoke\\",\\"Resource\\":\\"arn:aws:execute-api:us-east-1:123456789012:abc1234567\\/*\\/*\\"}]}';

describe('parsePolicy', () => {
  it('parses the escaped string GetRestApi returns, restoring quotes and slashes', () => {
    // Act
    const doc = parsePolicy(ESCAPED_FROM_GET_REST_API);

    // Assess
    expect(doc.version).toBe('2012-10-17');
    expect(doc.statements).toHaveLength(1);
    expect(doc.statements[0]?.resources).toEqual([
      'arn:aws:execute-api:us-east-1:123456789012:abc1234567/*/*',
    ]);
  });

  it('parses a policy that is a JSON-encoded string of JSON', () => {
    const inner = { Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' } };

    const doc = parsePolicy(JSON.stringify(JSON.stringify(inner)));

    expect(doc.statements[0]?.effect).toBe('Allow');
  });

  it('accepts a single Statement object and string or list elements, normalising them to lists', () => {
    const doc = parsePolicy(
      JSON.stringify({
        Statement: {
          Sid: 'One',
          Effect: 'Deny',
          Principal: { AWS: 'arn:aws:iam::123456789012:role/app' },
          NotAction: 'execute-api:ManageConnections',
          NotResource: ['execute-api:/prod/*', 'execute-api:/dev/*'],
          Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'], 'aws:SourceVpc': 'vpc-1' } },
        },
      }),
    );

    const statement = doc.statements[0];
    expect(statement).toMatchObject({
      index: 0,
      sid: 'One',
      effect: 'Deny',
      principal: { AWS: ['arn:aws:iam::123456789012:role/app'] },
      notActions: ['execute-api:ManageConnections'],
      notResources: ['execute-api:/prod/*', 'execute-api:/dev/*'],
    });
    expect(statement?.conditions).toEqual([
      { operator: 'StringEquals', key: 'aws:SourceVpce', values: ['vpce-1', 'vpce-2'] },
      { operator: 'StringEquals', key: 'aws:SourceVpc', values: ['vpc-1'] },
    ]);
  });

  it.each([
    ['text that is not JSON', 'not a policy', /not valid JSON/],
    ['an empty string', '   ', /empty/],
    ['a JSON array', '[1,2]', /JSON object/],
    ['a policy without Statement', '{"Version":"2012-10-17"}', /no Statement/],
    ['a statement with an unknown Effect', '{"Statement":[{"Effect":"Maybe","Action":"*"}]}', /Effect/],
    ['a statement without any action', '{"Statement":[{"Effect":"Allow","Resource":"*"}]}', /neither Action/],
    [
      'a condition that is not an object',
      '{"Statement":[{"Effect":"Allow","Action":"*","Condition":"x"}]}',
      /Condition/,
    ],
  ])('throws a PolicyParseError for %s', (_name, text, message) => {
    expect(() => parsePolicy(text)).toThrow(PolicyParseError);
    expect(() => parsePolicy(text)).toThrow(message);
  });
});
