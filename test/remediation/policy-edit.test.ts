// The smallest resource-policy edit that lets one endpoint in: each policy shape AWS documents (the Deny with a
// StringNotEquals aws:SourceVpce list, an Allow listing endpoints, no Allow at all), the shapes it must refuse,
// and the guarantees: the result allows the endpoint, and nobody else's decision changes.

import { describe, expect, it } from 'vitest';
import { callContext } from '../../src/diagnosis/checks/resource-policy.js';
import { evaluatePolicy, parsePolicy } from '../../src/diagnosis/policy/index.js';
import {
  type EndpointCall,
  editDiff,
  editWords,
  planEndpointAdmission,
  policyFingerprint,
} from '../../src/remediation/policy-edit.js';

const API = 'a1b2c3d4e5';
const NEW = 'vpce-0bbb2222bbbb2222b';
const OLD = 'vpce-0aaa1111aaaa1111a';
const ACCOUNT = '111122223333';

const call = (
  vpceId = NEW,
  resource = `arn:aws:execute-api:us-east-1:${ACCOUNT}:${API}/prod/GET/`,
): EndpointCall => ({
  vpceId,
  vpcId: null,
  resource,
  ...callContext({ nowMs: Date.parse('2026-12-06T12:00:00Z'), accountId: ACCOUNT, region: 'us-east-1' }),
  apiContext: { region: 'us-east-1', accountId: ACCOUNT, apiId: API },
});

const allowAll = {
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
};
const denyOutside = (ids: string | string[], operator = 'StringNotEquals') => ({
  Sid: 'DenyOutsideVpce',
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
  Condition: { [operator]: { 'aws:SourceVpce': ids } },
});
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** How the edited policy decides for a caller through `vpceId`, unsigned. */
function decides(text: string, vpceId: string): string {
  const { context, unknownKeys } = call(vpceId);
  return evaluatePolicy(parsePolicy(text), {
    action: 'execute-api:Invoke',
    resource: call().resource,
    principal: 'anonymous',
    context: { ...context, 'aws:SourceVpce': vpceId },
    unknownKeys: [...unknownKeys, 'aws:SourceVpc'],
    apiContext: call().apiContext,
  }).decision;
}

describe('planEndpointAdmission: the shapes AWS documents', () => {
  it("adds the endpoint to the Deny's StringNotEquals aws:SourceVpce list (AWS's private API example)", () => {
    const before = policy(allowAll, denyOutside(OLD));

    const plan = planEndpointAdmission(before, call());

    expect(plan.outcome).toBe('edit');
    if (plan.outcome !== 'edit') return;
    expect(plan.edits).toEqual([
      {
        kind: 'add-to-list',
        statementIndex: 1,
        sid: 'DenyOutsideVpce',
        effect: 'Deny',
        operator: 'StringNotEquals',
        key: 'aws:SourceVpce',
        value: NEW,
      },
    ]);
    expect(JSON.parse(plan.policy).Statement[1].Condition.StringNotEquals['aws:SourceVpce']).toEqual([
      OLD,
      NEW,
    ]);
    expect(decides(plan.policy, NEW)).toBe('allow');
    expect(decides(plan.policy, OLD)).toBe('allow');
    expect(decides(plan.policy, 'vpce-0ccc3333cccc3333c')).toBe('explicit-deny');
  });

  it('adds the endpoint to an Allow that admits listed endpoints (StringEquals aws:SourceVpce), and only there', () => {
    const before = policy(
      { ...allowAll, Sid: 'Other', Resource: `execute-api:/prod/POST/admin` },
      { ...allowAll, Sid: 'AllowVpce', Condition: { StringEquals: { 'aws:SourceVpce': [OLD] } } },
    );

    const plan = planEndpointAdmission(before, call());

    expect(plan.outcome === 'edit' && plan.edits.map((e) => e.kind === 'add-to-list' && e.sid)).toEqual([
      'AllowVpce',
    ]);
    expect(plan.outcome === 'edit' && decides(plan.policy, NEW)).toBe('allow');
  });

  it('edits both the Deny and the Allow when the policy lists endpoints in both', () => {
    const before = policy(
      { ...allowAll, Sid: 'AllowVpce', Condition: { StringEquals: { 'aws:SourceVpce': OLD } } },
      denyOutside([OLD]),
    );

    const plan = planEndpointAdmission(before, call());

    expect(plan.outcome === 'edit' && plan.edits.map((e) => e.kind === 'add-to-list' && e.effect)).toEqual([
      'Deny',
      'Allow',
    ]);
    // A single string value becomes a list with the endpoint added.
    expect(
      plan.outcome === 'edit' &&
        JSON.parse(plan.policy).Statement[0].Condition.StringEquals['aws:SourceVpce'],
    ).toEqual([OLD, NEW]);
  });

  it('writes one new Allow for the endpoint when the policy admits nobody that way and names no principal', () => {
    const before = policy(denyOutside([OLD, NEW]));

    const plan = planEndpointAdmission(before, call());

    expect(plan.outcome).toBe('edit');
    if (plan.outcome !== 'edit') return;
    expect(plan.edits).toEqual([
      {
        kind: 'add-statement',
        statement: {
          Sid: 'AllowInvokeFromvpce0bbb2222bbbb2222b',
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { StringEquals: { 'aws:SourceVpce': NEW } },
        },
      },
    ]);
    expect(decides(plan.policy, NEW)).toBe('allow');
    expect(decides(plan.policy, OLD)).toBe('implicit-deny');
  });

  it('reads the escaped form GetRestApi returns, and keeps the policy as written for the undo', () => {
    const written = policy(allowAll, denyOutside(OLD));
    const escaped = written.replace(/"/g, '\\"').replace(/\//g, '\\/');

    const plan = planEndpointAdmission(escaped, call());

    expect(plan.outcome === 'edit' && plan.previous).toBe(written);
    expect(policyFingerprint(escaped)).toBe(policyFingerprint(written));
    expect(policyFingerprint(written)).not.toBe(
      policyFingerprint(plan.outcome === 'edit' ? plan.policy : ''),
    );
  });
});

describe('planEndpointAdmission: what it will not do', () => {
  it('says the endpoint is already allowed instead of editing', () => {
    const plan = planEndpointAdmission(policy(allowAll, denyOutside([OLD, NEW])), call());

    expect(plan.outcome).toBe('already-allowed');
  });

  it('refuses a Deny that excludes the endpoint by VPC (adding the VPC would let in every endpoint in it)', () => {
    const byVpc = {
      ...denyOutside('vpc-0123'),
      Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-0123' } },
    };

    const plan = planEndpointAdmission(policy(allowAll, byVpc), { ...call(), vpcId: 'vpc-0999' });

    expect(plan.outcome).toBe('refused');
    expect(plan.outcome === 'refused' && plan.reason).toContain('Statement[1] (Sid "DenyOutsideVpce")');
  });

  it('never touches a Deny that names the endpoint to block it (StringEquals in a Deny)', () => {
    const blocking = denyOutside(NEW, 'StringEquals');

    const plan = planEndpointAdmission(policy(allowAll, blocking), call());

    expect(plan.outcome).toBe('refused');
  });

  it('refuses to let unsigned calls in when the policy admits IAM principals by name', () => {
    const byPrincipal = { ...allowAll, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/caller` } };

    const plan = planEndpointAdmission(policy(byPrincipal, denyOutside(OLD)), call());

    expect(plan.outcome).toBe('refused');
    expect(plan.outcome === 'refused' && plan.reason).toContain('IAM principals by name');
  });

  it('refuses when the decision hangs on what only the live request carries', () => {
    const bySourceIp = { ...allowAll, Condition: { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/16' } } };

    const plan = planEndpointAdmission(policy(bySourceIp), call());

    expect(plan.outcome).toBe('refused');
  });

  it("refuses to add a statement beside an Allow whose Resource misses the API (another account's ARN)", () => {
    const otherAccount = { ...allowAll, Resource: `arn:aws:execute-api:us-east-1:999999999999:${API}/*` };

    const plan = planEndpointAdmission(policy(otherAccount), call());

    expect(plan.outcome).toBe('refused');
    expect(plan.outcome === 'refused' && plan.reason).toContain('on other resources');
  });

  it('refuses to add a statement when an Allow lists endpoints but something else limits it (it would drop the limit)', () => {
    const listing = { StringEquals: { 'aws:SourceVpce': [OLD] } };
    const limited = {
      'a path': { ...allowAll, Resource: 'execute-api:/prod/GET/public', Condition: listing },
      'a VPC': {
        ...allowAll,
        Condition: { ...listing, StringEqualsIgnoreCase: { 'aws:SourceVpc': 'vpc-old' } },
      },
      'a date that has passed': {
        ...allowAll,
        Condition: { ...listing, DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } },
      },
    };
    for (const [name, allow] of Object.entries(limited)) {
      const plan = planEndpointAdmission(policy(allow, denyOutside(OLD)), { ...call(), vpcId: 'vpc-new' });
      expect(plan.outcome, name).toBe('refused');
      expect(plan.outcome === 'refused' && plan.reason, name).toContain(
        'Statement[0] admits listed endpoints',
      );
    }
  });

  it('refuses to add a statement beside an Allow that conditions the call in any other way (it would drop that)', () => {
    const limitedBy = {
      'an exclusion of this endpoint': { StringNotEquals: { 'aws:SourceVpce': [NEW] } },
      'a date that has passed': { DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } },
      'another VPC': { StringEquals: { 'aws:SourceVpc': 'vpc-old' } },
      'a list under ForAllValues': { 'ForAllValues:StringEquals': { 'aws:SourceVpce': [OLD] } },
    };
    for (const [name, condition] of Object.entries(limitedBy)) {
      const plan = planEndpointAdmission(policy({ ...allowAll, Condition: condition }), {
        ...call(),
        vpcId: 'vpc-new',
      });
      expect(plan.outcome, name).toBe('refused');
    }
  });

  it('never spares an endpoint that a Deny also names to block it, alone or by pattern', () => {
    for (const blocked of [[NEW, 'vpce-0ccc'], 'vpce-0bbb*']) {
      const deny = {
        ...denyOutside('vpce-0ccc'),
        Condition: {
          [Array.isArray(blocked) ? 'StringEquals' : 'StringLike']: { 'aws:SourceVpce': blocked },
          StringNotEquals: { 'aws:SourceVpce': 'vpce-0ccc' },
        },
      };

      expect(planEndpointAdmission(policy(allowAll, deny), call()).outcome).toBe('refused');
    }
  });

  it('refuses an endpoint id with a wildcard, which would spare every endpoint it matches', () => {
    const plan = planEndpointAdmission(
      policy(allowAll, denyOutside(OLD, 'StringNotLike')),
      call('vpce-0bbb*'),
    );

    expect(plan.outcome).toBe('refused');
  });

  it('edits the element the parser read when a name appears twice in different case', () => {
    const twice = JSON.stringify({ statement: [allowAll], Statement: [allowAll, denyOutside(OLD)] });

    const plan = planEndpointAdmission(twice, call());

    expect(plan.outcome === 'edit' && JSON.parse(plan.policy).Statement[1].Condition.StringNotEquals).toEqual(
      {
        'aws:SourceVpce': [OLD, NEW],
      },
    );
  });

  it('refuses a missing or unreadable policy', () => {
    expect(planEndpointAdmission(null, call()).outcome).toBe('refused');
    expect(planEndpointAdmission('{"Statement": [', call()).outcome).toBe('refused');
  });
});

describe('planEndpointAdmission: nobody else gains', () => {
  const shapes: Record<string, string> = {
    'deny list': policy(allowAll, denyOutside(OLD)),
    'allow list': policy({ ...allowAll, Condition: { StringEquals: { 'aws:SourceVpce': [OLD] } } }),
    'both, like list': policy(
      { ...allowAll, Condition: { StringLike: { 'aws:SourceVpce': 'vpce-0aaa*' } } },
      denyOutside(['vpce-0aaa*'], 'StringNotLike'),
    ),
    'no allow': policy(denyOutside(OLD)),
  };
  for (const [name, before] of Object.entries(shapes)) {
    it(`${name}: the endpoint is allowed after, every other endpoint decides as before`, () => {
      const plan = planEndpointAdmission(before, call());
      expect(plan.outcome).toBe('edit');
      if (plan.outcome !== 'edit') return;
      expect(decides(plan.policy, NEW)).toBe('allow');
      for (const other of [OLD, 'vpce-0aaa9999', 'vpce-0ddd4444dddd4444d']) {
        expect(decides(plan.policy, other)).toBe(decides(before, other));
      }
    });
  }
});

describe('editDiff and editWords', () => {
  it('says what is added and where: shortly for the dialog, in words for the audit line', () => {
    const plan = planEndpointAdmission(policy(allowAll, denyOutside(OLD)), call());
    const edits = plan.outcome === 'edit' ? plan.edits : [];

    expect(editDiff(edits)).toEqual([`+ "${NEW}" in aws:SourceVpce of Statement[1] StringNotEquals`]);
    expect(editWords(edits)).toBe(
      'added to the aws:SourceVpce list of Statement[1] (Sid "DenyOutsideVpce") (Deny, StringNotEquals)',
    );
  });

  it('writes a new statement out by its condition in the diff and by its Sid in words', () => {
    const plan = planEndpointAdmission(policy(denyOutside([OLD, NEW])), call());
    const edits = plan.outcome === 'edit' ? plan.edits : [];

    expect(editDiff(edits)).toEqual([
      `+ statement: Allow Principal "*" execute-api:Invoke on execute-api:/* if aws:SourceVpce = ${NEW}`,
    ]);
    expect(editWords(edits)).toBe('a new statement (Sid "AllowInvokeFromvpce0bbb2222bbbb2222b") allows it');
  });
});
