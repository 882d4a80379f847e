import { describe, expect, it } from 'vitest';
import type { FindingCode } from '../../src/diagnosis/catalogue.js';
import { finding, type TextFor } from '../../src/diagnosis/checks/check.js';
import { relevantRemediations } from '../../src/diagnosis/remediation-relevance.js';
import type { RemediationId, Severity } from '../../src/diagnosis/types.js';

const at = (code: FindingCode, severity?: Severity) =>
  finding(
    code,
    { cause: `${code}.`, fix: null, resources: [] } as TextFor<typeof code>,
    {},
    severity ? { severity } : {},
  );

describe('relevantRemediations: Redeploy stage only when redeploying changes the outcome', () => {
  it.each<[string, [FindingCode, Severity?][], Partial<Record<FindingCode, RemediationId[]>>]>([
    [
      'the saved policy denies the caller',
      [['POLICY_DENIES_VPCE']],
      { POLICY_DENIES_VPCE: ['allow-endpoint-in-policy'] },
    ],
    [
      'the policy was changed after the deployment',
      [['POLICY_NOT_DEPLOYED']],
      { POLICY_NOT_DEPLOYED: ['redeploy-stage'] },
    ],
    [
      'logs show a deny the saved policy would not give',
      [['LOG_ANONYMOUS_NOT_AUTHORIZED'], ['LOG_EXPLICIT_DENY']],
      { LOG_ANONYMOUS_NOT_AUTHORIZED: ['redeploy-stage'], LOG_EXPLICIT_DENY: ['redeploy-stage'] },
    ],
    [
      'logs show a deny and the saved policy denies too',
      [['POLICY_DENIES_VPCE'], ['LOG_EXPLICIT_DENY']],
      { POLICY_DENIES_VPCE: ['allow-endpoint-in-policy'], LOG_EXPLICIT_DENY: [] },
    ],
    [
      'a stale deployment whose saved policy also denies',
      [['POLICY_DENIES_VPCE'], ['POLICY_NOT_DEPLOYED']],
      { POLICY_NOT_DEPLOYED: [] },
    ],
    [
      'logs show a deny and there is no policy at all',
      [['POLICY_MISSING'], ['LOG_ANONYMOUS_NOT_AUTHORIZED']],
      { LOG_ANONYMOUS_NOT_AUTHORIZED: [] },
    ],
    [
      // An info POLICY_DENIES_VPCE is about an endpoint the policy blocks on purpose, not the caller.
      'the only denial is of an endpoint that is not the caller',
      [['POLICY_DENIES_VPCE', 'info'], ['LOG_ANONYMOUS_NOT_AUTHORIZED']],
      { LOG_ANONYMOUS_NOT_AUTHORIZED: ['redeploy-stage'] },
    ],
    [
      'a route missing from the deployment keeps its redeploy beside a denying policy (the route goes live)',
      [['POLICY_DENIES_VPCE'], ['ROUTE_NOT_DEPLOYED'], ['POLICY_NOT_DEPLOYED']],
      { ROUTE_NOT_DEPLOYED: ['redeploy-stage'], POLICY_NOT_DEPLOYED: [] },
    ],
    [
      'other fixes are untouched',
      [['POLICY_DENIES_VPCE'], ['PRIVATE_DNS_DISABLED'], ['EXECUTION_LOGGING_DISABLED']],
      { PRIVATE_DNS_DISABLED: ['enable-private-dns'], EXECUTION_LOGGING_DISABLED: ['enable-logging'] },
    ],
  ])('%s', (_name, present, expected) => {
    const out = relevantRemediations(present.map(([code, severity]) => at(code, severity)));

    for (const [code, remediations] of Object.entries(expected)) {
      expect(out.find((f) => f.code === code)?.remediations, code).toEqual(remediations);
    }
  });

  it('does not change its input', () => {
    const input = [at('POLICY_DENIES_VPCE'), at('POLICY_NOT_DEPLOYED')];
    const copy = structuredClone(input);
    relevantRemediations(input);
    expect(input).toEqual(copy);
  });
});
