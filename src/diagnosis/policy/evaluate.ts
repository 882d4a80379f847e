// IAM evaluation logic for one policy: an explicit Deny wins, then an Allow, else implicit deny.

import { evaluateConditions } from './conditions.js';
import { principalMatches } from './principal.js';
import { resourceMatches } from './resource.js';
import type { PolicyDecision, PolicyDocument, PolicyRequest, PolicyStatement } from './types.js';
import { wildcardMatch } from './wildcard.js';

function actionMatches(patterns: string[], action: string): boolean {
  return patterns.some((pattern) => wildcardMatch(pattern, action, { ignoreCase: true }));
}

function statementPrincipalMatches(statement: PolicyStatement, principal: string): boolean {
  if (statement.principal) return principalMatches(statement.principal, principal);
  if (statement.notPrincipal) return !principalMatches(statement.notPrincipal, principal);
  // No principal element: identity-policy style, applies to whoever holds it.
  return true;
}

function statementActionMatches(statement: PolicyStatement, action: string): boolean {
  if (statement.actions) return actionMatches(statement.actions, action);
  if (statement.notActions) return !actionMatches(statement.notActions, action);
  return false;
}

function statementResourceMatches(statement: PolicyStatement, request: PolicyRequest): boolean {
  const matches = (patterns: string[]) =>
    patterns.some((pattern) => resourceMatches(pattern, request.resource, request.apiContext));
  if (statement.resources) return matches(statement.resources);
  if (statement.notResources) return !matches(statement.notResources);
  return true;
}

/**
 * Whether the statement applies to the request: true, false, or 'unknown' when only conditions the evaluator
 * could not judge stand between it and a match; notes explain those.
 */
export function statementApplies(
  statement: PolicyStatement,
  request: PolicyRequest,
): { applies: boolean | 'unknown'; notes: string[] } {
  if (
    !statementPrincipalMatches(statement, request.principal) ||
    !statementActionMatches(statement, request.action) ||
    !statementResourceMatches(statement, request)
  ) {
    return { applies: false, notes: [] };
  }
  const { matched, notes } = evaluateConditions(statement.conditions, request.context, request.unknownKeys);
  // The same name every text uses (checks/resource-policy.ts statementLabel): the Statement array position from 0.
  const label = statement.sid
    ? `Statement[${statement.index}] (Sid "${statement.sid}")`
    : `Statement[${statement.index}]`;
  const verdict =
    matched === 'unknown' ? 'whether it applies is unknown' : 'it does not apply on other grounds either';
  return {
    applies: matched,
    notes: matched === false ? [] : notes.map((note) => `${label}: ${note}; ${verdict}`),
  };
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
