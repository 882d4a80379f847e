// A fix button is offered only when pressing it changes the outcome. "Redeploy stage" ships the *saved* resource
// policy: it helps when the deployed policy differs from the saved one (POLICY_NOT_DEPLOYED; a deny in the
// execution logs that the saved policy would not give), and changes nothing when the saved policy itself denies
// the caller (POLICY_DENIES_VPCE) or is missing (POLICY_MISSING) — then the fix is an edit, named in the detail.

import type { FindingCode } from './catalogue.js';
import type { Finding, RemediationId } from './types.js';

export interface RemediationRule {
  /** The remediation withdrawn from every finding that carries it… */
  withdraw: RemediationId;
  /** …when one of these findings is present at warning or error severity (info ones do not concern the caller)… */
  when: readonly FindingCode[];
  /** …except from these findings, whose cause the remediation cures whatever else is wrong. */
  except?: readonly FindingCode[];
}

/** Documented in README ("Which buttons appear when"). */
export const REMEDIATION_RULES: readonly RemediationRule[] = [
  // A route missing from the deployment goes live with a redeploy, whatever the saved policy says.
  {
    withdraw: 'redeploy-stage',
    when: ['POLICY_DENIES_VPCE', 'POLICY_MISSING'],
    except: ['ROUTE_NOT_DEPLOYED'],
  },
];

/** Pure: findings with the remediations that would not change the outcome removed (the rest as they were). */
export function relevantRemediations(
  findings: readonly Finding[],
  rules: readonly RemediationRule[] = REMEDIATION_RULES,
): Finding[] {
  const present = new Set(findings.filter((f) => f.severity !== 'info').map((f) => f.code));
  const applying = rules.filter((rule) => rule.when.some((code) => present.has(code)));
  if (applying.length === 0) return [...findings];
  return findings.map((f) => {
    const withdrawn = new Set(
      applying.filter((rule) => !rule.except?.includes(f.code)).map((rule) => rule.withdraw),
    );
    return f.remediations.some((id) => withdrawn.has(id))
      ? { ...f, remediations: f.remediations.filter((id) => !withdrawn.has(id)) }
      : f;
  });
}
