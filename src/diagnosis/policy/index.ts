// The IAM-semantics policy evaluator used by the resource-policy and endpoint-policy checks.

export { evaluatePolicy, statementApplies } from './evaluate.js';
export { invokeResourceArn, pathAfterStage } from './invoke-resource.js';
export { isFullAccessPolicy, overlyPermissiveAllows, statementsUsingSourceIp } from './lint.js';
export { PolicyParseError, parsePolicy } from './parse.js';
export { namesSpecificPrincipals } from './principal.js';
export type * from './types.js';
