import { describe, expect, it } from 'vitest';
import { type InvocationScope, matchesSomeInvocation } from '../../../src/diagnosis/policy/index.js';

const API = { region: 'us-east-1', accountId: '123456789012', apiId: 'a1b2c3d4e5' };
const ARN = 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5';
const ANY_SCOPE: InvocationScope = { stages: null, verbs: null };
const PROD_GET: InvocationScope = { stages: ['prod'], verbs: ['GET'] };
const KNOWN: InvocationScope = { stages: ['prod'], verbs: ['GET'], paths: ['/', '/pets', '/pets/{id}'] };
const PROXY: InvocationScope = { stages: ['prod'], verbs: ['GET'], paths: ['/{proxy+}'] };

describe('matchesSomeInvocation', () => {
  it.each<[string, string, InvocationScope, boolean]>([
    ['execute-api:/*', 'execute-api:/*', ANY_SCOPE, true],
    ['execute-api:/*/*/* (console form)', 'execute-api:/*/*/*', ANY_SCOPE, true],
    ['Resource *', '*', ANY_SCOPE, true],
    ['${execution_arn}* rendered', `${ARN}*`, ANY_SCOPE, true],
    ['${execution_arn}/* rendered', `${ARN}/*`, ANY_SCOPE, true],
    ['stage root GET with trailing slash', `${ARN}/prod/GET/`, ANY_SCOPE, true],
    ['…:{id}/ with no wildcard', `${ARN}/`, ANY_SCOPE, false],
    ['…:{id} alone', ARN, ANY_SCOPE, false],
    ['…/prod without method', `${ARN}/prod`, ANY_SCOPE, false],
    ['…/prod/GET without trailing slash', `${ARN}/prod/GET`, ANY_SCOPE, false],
    ['…/prod/* when only prod exists', `${ARN}/prod/*`, PROD_GET, true],
    ['…/beta/* when only prod exists', `${ARN}/beta/*`, PROD_GET, false],
    ['…/*/POST/* with unknown paths (a path may contain /POST/)', `${ARN}/*/POST/*`, PROD_GET, true],
    ['…/*/POST/* when only GET methods and known paths exist', `${ARN}/*/POST/*`, KNOWN, false],
    ['…/prod/GET/pets/* reaches /pets/{id}', `${ARN}/prod/GET/pets/*`, KNOWN, true],
    ['…/prod/GET/pets/123 reaches /pets/{id}', `${ARN}/prod/GET/pets/123`, KNOWN, true],
    ['…/prod/GET/pets/1/2 reaches no resource', `${ARN}/prod/GET/pets/1/2`, KNOWN, false],
    ['…/prod/GET/orders reaches no resource', `${ARN}/prod/GET/orders`, KNOWN, false],
    ['…/prod/GET/ reaches the root', `${ARN}/prod/GET/`, KNOWN, true],
    ['…/prod/GET/a/b/c reaches {proxy+}', `${ARN}/prod/GET/a/b/c`, PROXY, true],
    ['…/prod/GET/ does not reach {proxy+} alone', `${ARN}/prod/GET/`, PROXY, false],
    ['…/*/get/* with known paths (verbs are upper case)', `${ARN}/*/get/*`, KNOWN, false],
    ['…/*/GET (a path ending in /GET is still a request)', `${ARN}/*/GET`, ANY_SCOPE, true],
    ['…/pr?d/GET/* (? wildcard)', `${ARN}/pr?d/GET/*`, PROD_GET, true],
    ['another API id', 'arn:aws:execute-api:us-east-1:123456789012:zzzzzzzzzz/*', ANY_SCOPE, false],
    ['a wildcard API id', 'arn:aws:execute-api:us-east-1:123456789012:*/prod/GET/', PROD_GET, true],
    ['another account', 'arn:aws:execute-api:us-east-1:999999999999:a1b2c3d4e5/*', ANY_SCOPE, false],
    ['any account', 'arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/*', ANY_SCOPE, true],
    ['another region', 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*', ANY_SCOPE, false],
    ['another service', 'arn:aws:s3:::bucket/*', ANY_SCOPE, false],
    ['a partial ARN with a wildcard', 'arn:aws:execute-api:*', ANY_SCOPE, true],
  ])('%s', (_name, pattern, scope, expected) => {
    expect(matchesSomeInvocation(pattern, API, scope)).toBe(expected);
  });

  it('lets any account match when the API account is unknown', () => {
    const unknownAccount = { ...API, accountId: null };

    expect(
      matchesSomeInvocation(
        'arn:aws:execute-api:us-east-1:999999999999:a1b2c3d4e5/*',
        unknownAccount,
        ANY_SCOPE,
      ),
    ).toBe(true);
  });
});
