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

/** Whether the statement applies to the request; notes explain parts the evaluator could not judge. */
export function statementApplies(
  statement: PolicyStatement,
  request: PolicyRequest,
): { applies: boolean; notes: string[] } {
  if (
    !statementPrincipalMatches(statement, request.principal) ||
    !statementActionMatches(statement, request.action) ||
    !statementResourceMatches(statement, request)
  ) {
    return { applies: false, notes: [] };
  }
  const { matched, notes } = evaluateConditions(statement.conditions, request.context);
  const label = statement.sid
    ? `statement ${statement.index} (Sid ${statement.sid})`
    : `statement ${statement.index}`;
  return {
    applies: matched,
    notes: notes.map((note) => `${label}: ${note}; the statement was treated as not matching`),
  };
}

export function evaluatePolicy(doc: PolicyDocument, request: PolicyRequest): PolicyDecision {
  const notes: string[] = [];
  let firstAllow: PolicyStatement | null = null;
  for (const statement of doc.statements) {
    const result = statementApplies(statement, request);
    notes.push(...result.notes);
    if (!result.applies) continue;
    if (statement.effect === 'Deny') {
      return { decision: 'explicit-deny', statement: decidingStatement(statement), notes };
    }
    firstAllow ??= statement;
  }
  if (firstAllow) return { decision: 'allow', statement: decidingStatement(firstAllow), notes };
  return { decision: 'implicit-deny', statement: null, notes };
}

function decidingStatement(statement: PolicyStatement) {
  return { index: statement.index, sid: statement.sid, json: statement.json };
}
