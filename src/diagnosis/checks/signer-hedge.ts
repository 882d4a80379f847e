// The one way both policy checks report a policy whose decision depends on who signs the request (the rule itself
// is judgeCaller in ../policy/signer.ts): a warning naming the statements that hang on the signer, never a
// definite denial of an unsigned caller that may not be the real one.

import type { Facts } from '../facts.js';
import type { CallerJudgement } from '../policy/index.js';
import { pathAfterStage } from '../policy/index.js';
import { type MethodAuthorization, methodAuthorization } from '../routes.js';
import type { CheckId, Finding } from '../types.js';
import { finding } from './check.js';
import { statementLabel } from './policy-labels.js';

/** The method authorization of the request under diagnosis (the URL's resource, else the whole API). */
export function requestAuthorization(facts: Facts): MethodAuthorization {
  return methodAuthorization(facts, facts.request.url === null ? null : pathAfterStage(facts.request.url));
}

export function describeAuthorization(auth: MethodAuthorization): string {
  if (auth.kind === 'unknown') return `the method's authorization is unknown (${auth.reason})`;
  return `${auth.scope} ${auth.types.length === 1 ? 'uses' : 'use'} ${auth.types.join(', ')}`;
}

export function signerHedgeFinding(input: {
  check: CheckId;
  /** e.g. "The resource policy", "The policy of endpoint vpce-…". */
  whose: string;
  vpcId: string;
  vpceId: string;
  resource: string;
  judged: CallerJudgement;
  auth: MethodAuthorization;
}): Finding {
  const { judged, auth } = input;
  const statements = judged.decided.signerStatements;
  const labels = statements.map(statementLabel).join(', ');
  const unsigned = judged.decided.unsigned;
  const unsignedText =
    unsigned.decision === 'explicit-deny' && unsigned.statement
      ? `denied by its ${statementLabel(unsigned.statement)}`
      : 'not allowed by any statement';
  const signs =
    auth.kind === 'aws-iam'
      ? 'The method is AWS_IAM-authorized, so callers sign their requests'
      : `Whether callers sign is not known (${describeAuthorization(auth)})`;
  return finding(
    'POLICY_DEPENDS_ON_SIGNER',
    {
      cause:
        `${input.whose} decides ${input.resource} through ${input.vpceId} by who signs the request: ${labels} ` +
        `${statements.length === 1 ? 'names' : 'name'} IAM principals or condition on the signer ` +
        '(aws:PrincipalArn, aws:PrincipalOrgID, aws:PrincipalAccount…).',
      explanation:
        `An unsigned call is ${unsignedText}; a caller signing with SigV4 as an allowed principal gets in. ` +
        `${signs}. The engine cannot see who the real caller signs as.`,
      fix: "Check that the caller's role is one the policy allows (execution logs name it when a call is refused).",
      resources: [input.vpceId, input.vpcId],
    },
    {
      vpcId: input.vpcId,
      vpceId: input.vpceId,
      resource: input.resource,
      unsignedDecision: unsigned.decision,
      unsignedStatement: unsigned.statement?.json ?? null,
      signerStatements: statements.map((s) => ({ statementIndex: s.index, sid: s.sid, statement: s.json })),
      methodAuthorization:
        auth.kind === 'unknown' ? { unknown: auth.reason } : { types: auth.types, scope: auth.scope },
      ...(judged.decision.notes.length > 0 ? { notes: judged.decision.notes } : {}),
    },
    { check: input.check },
  );
}
