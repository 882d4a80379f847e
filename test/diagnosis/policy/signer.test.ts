import { describe, expect, it } from 'vitest';
import {
  type CallerSigns,
  judgeCaller,
  type PolicyRequest,
  parsePolicy,
} from '../../../src/diagnosis/policy/index.js';

const API = { region: 'us-east-1', accountId: '123456789012', apiId: 'a1b2c3d4e5' };
const REQUEST: Omit<PolicyRequest, 'principal'> = {
  action: 'execute-api:Invoke',
  resource: 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets',
  context: { 'aws:SourceVpce': 'vpce-1', 'aws:SourceVpc': 'vpc-1' },
  apiContext: API,
};

const doc = (...statements: object[]) => parsePolicy(JSON.stringify({ Statement: statements }));
const base = { Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };
const allowRole = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/app' }, ...base };
const allowAnyone = { Effect: 'Allow', Principal: '*', ...base };
const allowOrg = {
  Effect: 'Allow',
  Principal: '*',
  ...base,
  Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
};
const denyOutsideOrg = {
  Effect: 'Deny',
  Principal: '*',
  ...base,
  Condition: { StringNotEqualsIfExists: { 'aws:principalorgid': 'o-1' } },
};
const denyOtherVpce = {
  Effect: 'Deny',
  Principal: '*',
  ...base,
  Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-other' } },
};

describe('judgeCaller: the one rule for callers whose identity is unknown', () => {
  it.each<[string, object[], CallerSigns, string]>([
    ['named role, caller signs (AWS_IAM)', [allowRole], 'yes', 'depends-on-signer'],
    ['named role, caller cannot be a principal (NONE method)', [allowRole], 'no', 'deny'],
    ['named role, may or may not sign', [allowRole], 'unknown', 'depends-on-signer'],
    ['Principal *: no signer needed', [allowAnyone], 'yes', 'allow'],
    ['Principal * for anyone, unsigned', [allowAnyone], 'no', 'allow'],
    ['aws:PrincipalOrgID Allow, signing unknown', [allowOrg], 'unknown', 'depends-on-signer'],
    ['aws:PrincipalOrgID Allow, NONE method', [allowOrg], 'no', 'deny'],
    [
      'IfExists Deny outside the org, signing unknown',
      [allowAnyone, denyOutsideOrg],
      'unknown',
      'depends-on-signer',
    ],
    ['a Deny on the endpoint wins whoever signs', [allowRole, denyOtherVpce], 'yes', 'deny'],
    ['a Deny on the endpoint wins for an unknown signer too', [allowRole, denyOtherVpce], 'unknown', 'deny'],
    [
      'nothing names this API: a definite deny',
      [{ ...allowAnyone, Resource: 'arn:aws:execute-api:*:*:zz/*' }],
      'unknown',
      'deny',
    ],
  ])('%s → %s', (_name, statements, signs, expected) => {
    expect(judgeCaller(doc(...statements), REQUEST, signs).kind).toBe(expected);
  });

  it('names the statements that hang on the signer', () => {
    const judged = judgeCaller(doc(allowAnyone, denyOutsideOrg), REQUEST, 'unknown');

    expect(judged.decided.signerStatements.map((s) => s.index)).toEqual([1]);
    expect(judged.decided.unsigned.decision).toBe('explicit-deny');
    expect(judged.decided.signed.decision).toBe('indeterminate');
  });
});
