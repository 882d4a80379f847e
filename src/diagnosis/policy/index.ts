// The IAM-semantics policy evaluator used by the resource-policy and endpoint-policy checks.

export { parseIamDate } from './conditions.js';
export { dependsOnSigner, evaluatePolicy, statementApplies } from './evaluate.js';
export { invokeResourceArn, pathAfterStage } from './invoke-resource.js';
export { isFullAccessPolicy, overlyPermissiveAllows, statementsUsingSourceIp } from './lint.js';
export { PolicyParseError, parsePolicy, policyJsonText } from './parse.js';
export { isSignerKey, namesSpecificPrincipals } from './principal.js';
export { HTTP_VERBS, type InvocationScope, matchesSomeInvocation } from './reachable.js';
export { accountOfPattern } from './resource.js';
export {
  allowsOnlySigned,
  type CallerDecision,
  type CallerJudgement,
  type CallerSigns,
  decideForUnknownSigner,
  judgeCaller,
} from './signer.js';
export type * from './types.js';
