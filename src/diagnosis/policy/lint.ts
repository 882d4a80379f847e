// Static observations about a policy that are not about one caller: patterns that break private APIs or open
// them wider than intended (domain-reference A4 pitfalls, spec §4 POLICY_USES_SOURCE_IP / POLICY_OVERLY_PERMISSIVE).

import { isAnyonePrincipal } from './principal.js';
import type { PolicyDocument, PolicyStatement } from './types.js';
import { wildcardMatch } from './wildcard.js';

const RESTRICTING_KEYS = new Set([
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:vpcsourceip',
  'aws:principalaccount',
  'aws:principalorgid',
]);
const NETWORK_KEYS = new Set(['aws:sourcevpc', 'aws:sourcevpce']);
const INVOKE = 'execute-api:Invoke';

function conditionKeys(statement: PolicyStatement): string[] {
  return statement.conditions.map((clause) => clause.key.toLowerCase());
}

function coversInvoke(statement: PolicyStatement): boolean {
  const hit = (patterns: string[]) => patterns.some((p) => wildcardMatch(p, INVOKE, { ignoreCase: true }));
  if (statement.actions) return hit(statement.actions);
  if (statement.notActions) return !hit(statement.notActions);
  return false;
}

/** Statements that condition on aws:SourceIp, which a private API never sees (the endpoint rewrites it). */
export function statementsUsingSourceIp(doc: PolicyDocument): PolicyStatement[] {
  return doc.statements.filter((s) => conditionKeys(s).includes('aws:sourceip'));
}

/**
 * Allow statements for anyone on execute-api:Invoke that no VPC, endpoint, source-IP or account condition
 * narrows — unless a Deny conditioned on aws:SourceVpc/aws:SourceVpce narrows the policy (AWS's canonical
 * Allow + Deny StringNotEquals pattern is therefore not flagged).
 */
export function overlyPermissiveAllows(doc: PolicyDocument): PolicyStatement[] {
  const narrowedByDeny = doc.statements.some(
    (s) => s.effect === 'Deny' && conditionKeys(s).some((key) => NETWORK_KEYS.has(key)),
  );
  if (narrowedByDeny) return [];
  return doc.statements.filter(
    (s) =>
      s.effect === 'Allow' &&
      s.principal !== undefined &&
      isAnyonePrincipal(s.principal) &&
      coversInvoke(s) &&
      !conditionKeys(s).some((key) => RESTRICTING_KEYS.has(key)),
  );
}

/** The default endpoint policy (Allow * on * to *, no condition) — which is what a null policy means too. */
export function isFullAccessPolicy(doc: PolicyDocument): boolean {
  const allowsEverything = doc.statements.some(
    (s) =>
      s.effect === 'Allow' &&
      s.conditions.length === 0 &&
      (s.principal === undefined ? s.notPrincipal === undefined : isAnyonePrincipal(s.principal)) &&
      s.actions?.includes('*') === true &&
      s.resources?.includes('*') === true,
  );
  const deniesSomething = doc.statements.some((s) => s.effect === 'Deny');
  return allowsEverything && !deniesSomething;
}
