import { describe, expect, it } from 'vitest';
import { customDomainCheck } from '../../../src/diagnosis/checks/custom-domain.js';
import { routeByRules } from '../../../src/diagnosis/checks/domain-routing-rules.js';
import type {
  BasePathMappingInfo,
  CustomDomainFacts,
  Facts,
  RoutingRuleInfo,
} from '../../../src/diagnosis/facts.js';
import { associatedDomainFacts, fetchedFailed, fetchedOk, routingRule } from './facts-builder.js';

const OTHER = { apiId: 'z9y8x7w6v5', stage: 'prod', stripBasePath: true };
const OTHER_STAGE = { apiId: 'a1b2c3d4e5', stage: 'beta', stripBasePath: true };
const MAPPED: BasePathMappingInfo = { basePath: 'orders', restApiId: 'a1b2c3d4e5', stage: 'prod' };

/** A healthy, associated private domain with this routing mode and these rules (no mappings unless given). */
function factsWith(
  routingMode: string,
  rules: CustomDomainFacts['routingRules'],
  custom: Partial<CustomDomainFacts> = {},
): Facts {
  return associatedDomainFacts({ routingMode }, { mappings: fetchedOk([]), routingRules: rules, ...custom });
}

const header = { header: 'x-version', valueGlob: 'beta*' };

describe('routeByRules', () => {
  it.each<[string, RoutingRuleInfo[], string, string | null, string[]]>([
    ['the first matching rule by priority', [rule('b', 20), rule('a', 10)], 'orders', 'a', []],
    ['a catch-all rule', [rule('c', 5, { basePaths: null })], 'anything', 'c', []],
    ['no rule for another base path', [rule('a', 10)], 'invoices', null, []],
    ['base paths case-sensitively', [rule('a', 10, { basePaths: ['Orders'] })], 'orders', null, []],
    ['any of several base paths', [rule('a', 10, { basePaths: ['x', 'orders'] })], 'orders', 'a', []],
    [
      'a header rule as uncertain, then the next',
      [rule('h', 1, { headers: [header] }), rule('a', 10)],
      'orders',
      'a',
      ['h'],
    ],
    ['a longer base path as uncertain', [rule('m', 1, { basePaths: ['orders/v2'] })], 'orders', null, ['m']],
    ['the root against a rule for a base path', [rule('a', 10)], '', null, []],
  ])('finds %s', (_, rules, firstSegment, decided, uncertain) => {
    // Act
    const route = routeByRules(rules, firstSegment);

    // Assess
    expect(route.decided?.routingRuleId ?? null).toBe(decided);
    expect(route.uncertain.map((r) => r.routingRuleId)).toEqual(uncertain);
  });
});

function rule(id: string, priority: number, overrides: Partial<RoutingRuleInfo> = {}): RoutingRuleInfo {
  return routingRule({ routingRuleId: id, priority, ...overrides });
}

describe('customDomainCheck with routing rules', () => {
  it.each<[string, string, RoutingRuleInfo[], Partial<CustomDomainFacts>, string, Array<[string, string]>]>([
    [
      'passes when the first matching rule invokes this API and stage',
      'ROUTING_RULE_ONLY',
      [rule('a', 10)],
      {},
      'pass',
      [],
    ],
    [
      'reports a rule that invokes another API',
      'ROUTING_RULE_ONLY',
      [rule('x', 5, { target: OTHER }), rule('a', 10)],
      {},
      'fail',
      [['DOMAIN_ROUTING_RULE_OTHER_TARGET', 'error']],
    ],
    [
      'reports a rule that invokes another stage of this API',
      'ROUTING_RULE_THEN_BASE_PATH_MAPPING',
      [rule('x', 5, { target: OTHER_STAGE })],
      { mappings: fetchedOk([MAPPED]) },
      'fail',
      [['DOMAIN_ROUTING_RULE_OTHER_TARGET', 'error']],
    ],
    [
      'reports no matching rule under ROUTING_RULE_ONLY, whatever the mappings say',
      'ROUTING_RULE_ONLY',
      [rule('i', 10, { basePaths: ['invoices'] })],
      { mappings: fetchedOk([MAPPED]) },
      'fail',
      [['DOMAIN_NO_ROUTING_RULE_MATCHES', 'error']],
    ],
    [
      'only warns when just a header rule would route to this API',
      'ROUTING_RULE_ONLY',
      [rule('h', 10, { headers: [header] })],
      {},
      'warn',
      [['DOMAIN_NO_ROUTING_RULE_MATCHES', 'warning']],
    ],
    [
      "warns that a header rule before this API's rule sends some requests elsewhere",
      'ROUTING_RULE_ONLY',
      [rule('h', 5, { headers: [header], target: OTHER }), rule('a', 10)],
      {},
      'warn',
      [['DOMAIN_ROUTING_RULE_OTHER_TARGET', 'warning']],
    ],
    [
      'only warns of a catch-all elsewhere when a header rule may route to this API',
      'ROUTING_RULE_ONLY',
      [rule('h', 5, { headers: [header] }), rule('c', 10, { basePaths: null, target: OTHER })],
      {},
      'warn',
      [['DOMAIN_ROUTING_RULE_OTHER_TARGET', 'warning']],
    ],
    [
      'falls back to the mappings when no rule matches (mapped: pass)',
      'ROUTING_RULE_THEN_BASE_PATH_MAPPING',
      [rule('i', 10, { basePaths: ['invoices'] })],
      { mappings: fetchedOk([MAPPED]) },
      'pass',
      [],
    ],
    [
      'falls back to the mappings when no rule matches (not mapped: error, as the rules certainly did not match)',
      'ROUTING_RULE_THEN_BASE_PATH_MAPPING',
      [rule('i', 10, { basePaths: ['invoices'] })],
      { mappings: fetchedOk([]) },
      'fail',
      [['DOMAIN_PATH_NOT_MAPPED', 'error']],
    ],
    [
      'downgrades a missing mapping to a warning when a header rule may have routed the request',
      'ROUTING_RULE_THEN_BASE_PATH_MAPPING',
      [rule('h', 10, { headers: [header] })],
      { mappings: fetchedOk([]) },
      'warn',
      [['DOMAIN_PATH_NOT_MAPPED', 'warning']],
    ],
    [
      'ignores rules under the v2 name of mappings-only routing (API_MAPPING_ONLY)',
      'API_MAPPING_ONLY',
      [rule('x', 5, { target: OTHER })],
      { mappings: fetchedOk([MAPPED]) },
      'pass',
      [],
    ],
    [
      'with only --domain, passes when a rule invokes this API',
      'ROUTING_RULE_ONLY',
      [rule('i', 10, { basePaths: ['invoices'], target: OTHER }), rule('a', 20)],
      { basePath: null },
      'pass',
      [],
    ],
    [
      'with only --domain, reports that no rule invokes this API',
      'ROUTING_RULE_ONLY',
      [rule('i', 10, { target: OTHER })],
      { basePath: null },
      'fail',
      [['DOMAIN_NO_ROUTING_RULE_MATCHES', 'error']],
    ],
  ])('%s', (_, mode, rules, custom, status, findings) => {
    // Act
    const outcome = customDomainCheck.run(factsWith(mode, fetchedOk(rules), custom));

    // Assess
    expect(outcome.status).toBe(status);
    expect(outcome.findings.map((f) => [f.code, f.severity])).toEqual(findings);
  });

  it('names the rule, its priority, conditions and target, and the fix', () => {
    // Prepare
    const other = rule('rr9', 7, { headers: [], basePaths: ['orders'], target: OTHER });

    // Act
    const outcome = customDomainCheck.run(factsWith('ROUTING_RULE_ONLY', fetchedOk([other])));

    // Assess
    const [found] = outcome.findings;
    expect(found?.cause).toContain('rr9 (priority 7: base path orders → z9y8x7w6v5/prod)');
    expect(found?.cause).toContain('not to a1b2c3d4e5/prod');
    expect(found?.fix).toContain('put-routing-rule');
    expect(found?.resources).toEqual(expect.arrayContaining(['rr9', 'z9y8x7w6v5']));
    expect(found?.evidence).toMatchObject({
      rule: { routingRuleId: 'rr9', priority: 7 },
      dependsOnRequest: false,
    });
  });

  it('says the outcome depends on the headers when a header rule routes elsewhere', () => {
    // Act
    const outcome = customDomainCheck.run(
      factsWith(
        'ROUTING_RULE_ONLY',
        fetchedOk([rule('h', 5, { headers: [header], target: OTHER }), rule('a', 10)]),
      ),
    );

    // Assess
    expect(outcome.findings[0]?.cause).toContain('when its conditions hold');
    expect(outcome.findings[0]?.detail).toContain('depends on its headers');
    expect(outcome.findings[0]?.evidence).toMatchObject({ dependsOnRequest: true });
  });

  it.each([
    [
      'a failed read',
      fetchedFailed<RoutingRuleInfo[]>('throttled', {
        action: 'apigateway:ListRoutingRules',
        operation: 'ListRoutingRules',
        message: 'Rate exceeded',
      }),
    ],
    ['rules not read (the domain list named no routing mode)', null],
  ])('never passes on %s, and says the rules were not read', (_, rules) => {
    // Act
    const outcome = customDomainCheck.run(factsWith('ROUTING_RULE_ONLY', rules));

    // Assess
    expect(outcome.status).toBe('warn');
    expect(outcome.findings).toMatchObject([{ code: 'DOMAIN_ROUTING_RULES_NOT_READ', severity: 'info' }]);
    expect(outcome.reason).toContain('routing rules could not be judged');
  });

  it('names the IAM action when the read was denied', () => {
    // Prepare
    const denied = fetchedFailed<RoutingRuleInfo[]>('access-denied', {
      action: 'apigateway:ListRoutingRules',
      operation: 'ListRoutingRules',
      message: 'not authorized',
    });

    // Act
    const outcome = customDomainCheck.run(factsWith('ROUTING_RULE_ONLY', denied));

    // Assess
    expect(outcome.findings.map((f) => f.code)).toEqual([
      'DOMAIN_ROUTING_RULES_NOT_READ',
      'AWS_PERMISSION_MISSING',
    ]);
    expect(outcome.findings[1]?.evidence).toMatchObject({ action: 'apigateway:ListRoutingRules' });
  });
});
