// The one rule both policy checks use for callers whose identity the engine cannot know. The control plane tells
// the engine which endpoint and VPC a call comes through, never who signs it: a statement that names principals
// (Principal {"AWS": …}) or conditions on the signer (aws:PrincipalOrgID, aws:PrincipalArn, aws:PrincipalAccount,
// aws:PrincipalIsAWSService…) denies an unsigned call but may allow a signed one. Such a policy is reported as
// depending on who signs — never as a definite denial of a caller that may not be the real one.

import { dependsOnSigner, evaluatePolicy } from './evaluate.js';
import type { DecidingStatement, PolicyDecision, PolicyDocument, PolicyRequest } from './types.js';

export interface CallerDecision {
  /** What an unsigned call gets. */
  unsigned: PolicyDecision;
  /** What a caller signing as some unknown IAM principal gets (usually `indeterminate` when it matters). */
  signed: PolicyDecision;
  /** The unsigned call is denied, but a signed one may be allowed: the outcome hangs on who signs. */
  dependsOnSigner: boolean;
  /** The statements whose effect hangs on the signer (evidence for the hedge). */
  signerStatements: DecidingStatement[];
}

const isDeny = (d: PolicyDecision) => d.decision === 'implicit-deny' || d.decision === 'explicit-deny';

/** Evaluates the policy for an unsigned call and for a signed call by an unknown principal. */
export function decideForUnknownSigner(
  doc: PolicyDocument,
  request: Omit<PolicyRequest, 'principal'>,
): CallerDecision {
  const unsigned = evaluatePolicy(doc, { ...request, principal: 'anonymous' });
  const signed = evaluatePolicy(doc, { ...request, principal: 'signed' });
  const signerStatements = doc.statements
    .filter(dependsOnSigner)
    .map((s) => ({ index: s.index, sid: s.sid, json: s.json }));
  return {
    unsigned,
    signed,
    dependsOnSigner: isDeny(unsigned) && !isDeny(signed) && signerStatements.length > 0,
    signerStatements,
  };
}

/** True when some Allow statement lets in only signed callers (named principals or signer conditions). */
export function allowsOnlySigned(decision: CallerDecision): boolean {
  return decision.dependsOnSigner && decision.unsigned.decision === 'implicit-deny';
}

/** Whether the caller signs its request with SigV4 as far as this policy is concerned. */
export type CallerSigns = 'yes' | 'no' | 'unknown';

/** The verdict for one caller, with the two decisions behind it. */
export type CallerJudgement = { decided: CallerDecision; decision: PolicyDecision } & (
  | { kind: 'allow' | 'deny' | 'undecided' }
  | { kind: 'depends-on-signer' }
);

function kindOf(decision: PolicyDecision): 'allow' | 'deny' | 'undecided' {
  if (decision.decision === 'allow') return 'allow';
  return decision.decision === 'indeterminate' ? 'undecided' : 'deny';
}

/**
 * The shared rule: a caller known to sign (AWS_IAM method) gets the signed decision, and where that hangs on its
 * identity the outcome depends on who signs; a caller known not to count as a principal (the resource policy of a
 * method that is not AWS_IAM) gets the unsigned decision, definite; a caller that may or may not sign gets the
 * unsigned decision unless a signer could change it — then it depends on who signs, never a definite deny.
 */
export function judgeCaller(
  doc: PolicyDocument,
  request: Omit<PolicyRequest, 'principal'>,
  signs: CallerSigns,
): CallerJudgement {
  const decided = decideForUnknownSigner(doc, request);
  if (signs === 'no') return { decided, decision: decided.unsigned, kind: kindOf(decided.unsigned) };
  if (signs === 'yes' && decided.signed.decision === 'allow') {
    return { decided, decision: decided.signed, kind: 'allow' };
  }
  if (decided.dependsOnSigner) {
    return {
      decided,
      decision: signs === 'yes' ? decided.signed : decided.unsigned,
      kind: 'depends-on-signer',
    };
  }
  const decision = signs === 'yes' ? decided.signed : decided.unsigned;
  return { decided, decision, kind: kindOf(decision) };
}
