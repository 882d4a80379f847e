// IAM evaluation logic for one policy: an explicit Deny wins, then an Allow, else implicit deny.

import { evaluateConditions } from './conditions.js';
import { executeApiKeyPresence } from './context-keys.js';
import { isSignerKey, namesSpecificPrincipals, principalMatches, SIGNER_KEYS } from './principal.js';
import { resourceMatches } from './resource.js';
import type { PolicyDecision, PolicyDocument, PolicyRequest, PolicyStatement } from './types.js';
import { wildcardMatch } from './wildcard.js';

function actionMatches(patterns: string[], action: string): boolean {
  return patterns.some((pattern) => wildcardMatch(pattern, action, { ignoreCase: true }));
}

type Match = boolean | 'unknown';

function not(match: Match): Match {
  return match === 'unknown' ? 'unknown' : !match;
}

function statementPrincipalMatches(statement: PolicyStatement, principal: string): Match {
  if (statement.principal) return principalMatches(statement.principal, principal);
  if (statement.notPrincipal) return not(principalMatches(statement.notPrincipal, principal));
  // No principal element: identity-policy style, applies to whoever holds it.
  return true;
}

function statementActionMatches(statement: PolicyStatement, action: string): boolean {
  if (statement.actions) return actionMatches(statement.actions, action);
  if (statement.notActions) return !actionMatches(statement.notActions, action);
  return false;
}

function statementResourceMatches(statement: PolicyStatement, request: PolicyRequest): Match {
  const matches = (patterns: string[]): Match => {
    const results = patterns.map((pattern) => resourceMatches(pattern, request.resource, request.apiContext));
    if (results.includes(true)) return true;
    return results.includes('unknown') ? 'unknown' : false;
  };
  if (statement.resources) return matches(statement.resources);
  if (statement.notResources) return not(matches(statement.notResources));
  return true;
}

/** The keys whose value the real request has but the engine does not know, signer keys included for `signed`. */
function unknownKeysOf(request: PolicyRequest): string[] {
  const keys = request.unknownKeys ?? [];
  return request.principal === 'signed' ? [...keys, ...SIGNER_KEYS] : keys;
}

/**
 * Whether the statement applies to the request: true, false, or 'unknown' when only conditions the evaluator
 * could not judge stand between it and a match; notes explain those.
 */
export function statementApplies(
  statement: PolicyStatement,
  request: PolicyRequest,
): { applies: boolean | 'unknown'; notes: string[] } {
  const principal = statementPrincipalMatches(statement, request.principal);
  const resource = statementResourceMatches(statement, request);
  if (principal === false || !statementActionMatches(statement, request.action) || resource === false) {
    return { applies: false, notes: [] };
  }
  const conditions = evaluateConditions(
    statement.conditions,
    request.context,
    unknownKeysOf(request),
    request.contextIsComplete ? undefined : executeApiKeyPresence,
  );
  if (conditions.matched === false) return { applies: false, notes: [] };
  const notes = [...conditions.notes];
  if (principal === 'unknown') {
    notes.unshift(
      `its Principal ${JSON.stringify(statement.principal ?? statement.notPrincipal)} depends on who signs the request`,
    );
  }
  if (resource === 'unknown') {
    notes.push("its Resource names a specific account and the API's account is not known");
  }
  const applies: Match = principal === 'unknown' || resource === 'unknown' ? 'unknown' : conditions.matched;
  // The same name every text uses (checks/policy-labels.ts): the Statement array position from 0.
  const label = statement.sid
    ? `Statement[${statement.index}] (Sid "${statement.sid}")`
    : `Statement[${statement.index}]`;
  return {
    applies,
    notes: notes.map((note) => `${label}: ${note}; whether it applies is unknown`),
  };
}

/** True when whether the statement applies hangs on who signs (its Principal or a condition on a signer key). */
export function dependsOnSigner(statement: PolicyStatement): boolean {
  return (
    namesSpecificPrincipals(statement.principal) ||
    namesSpecificPrincipals(statement.notPrincipal) ||
    statement.conditions.some((clause) => isSignerKey(clause.key))
  );
}

/**
 * IAM order: a Deny that applies wins, then an Allow, else implicit deny. A statement that cannot be judged
 * makes the decision `indeterminate` only when it could change it: an unjudged Deny beside an applying Allow,
 * or an unjudged Allow with no Allow that applies. (An unjudged Deny with no possible Allow is still a deny.)
 */
export function evaluatePolicy(doc: PolicyDocument, request: PolicyRequest): PolicyDecision {
  const notes: string[] = [];
  let firstAllow: PolicyStatement | null = null;
  let firstUnknownAllow: PolicyStatement | null = null;
  let firstUnknownDeny: PolicyStatement | null = null;
  for (const statement of doc.statements) {
    const result = statementApplies(statement, request);
    notes.push(...result.notes);
    if (result.applies === false) continue;
    if (statement.effect === 'Deny') {
      if (result.applies === true) {
        return { decision: 'explicit-deny', statement: decidingStatement(statement), notes };
      }
      firstUnknownDeny ??= statement;
    } else if (result.applies === true) {
      firstAllow ??= statement;
    } else {
      firstUnknownAllow ??= statement;
    }
  }
  const mayBeAllowed = firstAllow ?? firstUnknownAllow;
  if (firstUnknownDeny && mayBeAllowed) {
    return { decision: 'indeterminate', statement: decidingStatement(firstUnknownDeny), notes };
  }
  if (firstAllow) return { decision: 'allow', statement: decidingStatement(firstAllow), notes };
  if (firstUnknownAllow) {
    return { decision: 'indeterminate', statement: decidingStatement(firstUnknownAllow), notes };
  }
  return { decision: 'implicit-deny', statement: null, notes };
}

function decidingStatement(statement: PolicyStatement) {
  return { index: statement.index, sid: statement.sid, json: statement.json };
}
