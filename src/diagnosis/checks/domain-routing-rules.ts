// Routing rules of a private custom domain (API Gateway, 2025): when the domain's routingMode lets them decide,
// API Gateway evaluates them by priority (lowest number first) and invokes the action of the first rule whose
// conditions all hold; ROUTING_RULE_ONLY then has nothing else, ROUTING_RULE_THEN_BASE_PATH_MAPPING falls back to
// the base path mappings. From a URL only the path is known: a rule with a header condition, or with a multi-level
// base path longer than the first segment the target keeps, may or may not match — the verdict then says that it
// depends on the request, never more.

import type { CustomDomainFacts, DomainNameInfo, Facts, RoutingRuleInfo } from '../facts.js';
import type { Finding, Severity } from '../types.js';
import { couldNotRun, describeFailure, finding } from './check.js';

type RuleMatch = 'yes' | 'no' | 'maybe';

/** The rules a request for this path meets, in priority order, up to the first that certainly matches. */
export interface RuleRoute {
  /** Rules that match only if the request carries their headers (or has the longer base path they name). */
  uncertain: RoutingRuleInfo[];
  /** The first rule that matches whatever the headers: it decides when no uncertain rule matched. */
  decided: RoutingRuleInfo | null;
}

/**
 * Whether the URL's first path segment meets a rule's base path condition. Base paths match case-sensitively;
 * a multi-level one (`orders/v2`) can only be "maybe" since the target keeps the first segment alone.
 */
function basePathMatch(rule: RoutingRuleInfo, firstSegment: string): RuleMatch {
  if (rule.basePaths === null) return 'yes';
  if (rule.basePaths.includes(firstSegment)) return 'yes';
  if (firstSegment !== '' && rule.basePaths.some((p) => p.startsWith(`${firstSegment}/`))) return 'maybe';
  return 'no';
}

function ruleMatch(rule: RoutingRuleInfo, firstSegment: string): RuleMatch {
  const path = basePathMatch(rule, firstSegment);
  if (path === 'no') return 'no';
  return path === 'maybe' || rule.headers.length > 0 ? 'maybe' : 'yes';
}

/** How API Gateway routes a request whose path starts with `firstSegment` ('' for the root), as far as known. */
export function routeByRules(rules: readonly RoutingRuleInfo[], firstSegment: string): RuleRoute {
  const uncertain: RoutingRuleInfo[] = [];
  for (const rule of [...rules].sort((a, b) => a.priority - b.priority)) {
    const match = ruleMatch(rule, firstSegment);
    if (match === 'yes') return { uncertain, decided: rule };
    if (match === 'maybe') uncertain.push(rule);
  }
  return { uncertain, decided: null };
}

/** `abc123 (priority 10: base path orders AND header x-version=beta* → a1b2c3d4e5/prod)`. */
export function describeRule(rule: RoutingRuleInfo): string {
  return `${rule.routingRuleId} (priority ${rule.priority}: ${describeConditions(rule)} → ${describeTarget(rule)})`;
}

function describeConditions(rule: RoutingRuleInfo): string {
  const parts = [
    ...(rule.basePaths ? [`base path ${rule.basePaths.join(' or ')}`] : []),
    ...rule.headers.map((h) => `header ${h.header}=${h.valueGlob}`),
  ];
  return parts.length > 0 ? parts.join(' AND ') : 'no conditions (catch-all)';
}

function describeTarget(rule: RoutingRuleInfo): string {
  return rule.target ? `${rule.target.apiId}/${rule.target.stage}` : 'no InvokeApi action';
}

function ruleEvidence(rule: RoutingRuleInfo) {
  return {
    routingRuleId: rule.routingRuleId,
    priority: rule.priority,
    basePaths: rule.basePaths,
    headers: rule.headers,
    target: rule.target,
  };
}

/** What the routing rules say about the URL, for the custom-domain check. */
export interface RoutingVerdict {
  findings: Finding[];
  /** Whether the base path mappings are judged too (ROUTING_RULE_THEN_BASE_PATH_MAPPING when no rule decided). */
  fallBack: boolean;
  /** Severity of a base-path finding: error only when the rules certainly left the request to the mappings. */
  mappingSeverity: Severity;
  /** The rules could not be read: whatever else passes, the check did not confirm the route (warn). */
  readFailed: boolean;
}

export function routingRuleVerdict(
  facts: Facts,
  custom: CustomDomainFacts,
  domain: DomainNameInfo,
  mode: string,
  notes: string[],
): RoutingVerdict {
  const ruleOnly = mode === 'ROUTING_RULE_ONLY';
  const rules = custom.routingRules;
  if (!rules?.ok) {
    const why = rules ? `ListRoutingRules failed: ${describeFailure(rules.error)}` : 'they were not read';
    notes.push(`routing rules could not be judged (${why})`);
    // A denied read names its IAM action, as the runner does for the reads checks declare.
    const denied =
      rules && !rules.ok ? couldNotRun('custom-domain', 'Routing rules', rules.error).findings : [];
    return {
      findings: [notReadFinding(domain, mode, why), ...denied],
      fallBack: !ruleOnly,
      mappingSeverity: 'warning',
      readFailed: true,
    };
  }
  const apiId = facts.request.apiId;
  const stage = facts.stage?.stageName ?? facts.request.stage;
  const serves = (rule: RoutingRuleInfo) =>
    rule.target !== null && rule.target.apiId === apiId && (stage === null || rule.target.stage === stage);
  const context: Context = { facts, domain, mode, apiId, stage, basePath: custom.basePath };

  // Only --domain: no path to match, so look for the rule that serves this API, as the mappings do.
  if (custom.basePath === null) {
    const mine = [...rules.value]
      .sort((a, b) => a.priority - b.priority)
      .find((r) => r.target?.apiId === apiId);
    if (mine && serves(mine)) {
      notes.push(`routing rule ${describeRule(mine)} invokes this API`);
      return { findings: [], fallBack: false, mappingSeverity: 'warning', readFailed: false };
    }
    if (mine) return verdict([otherTarget(context, mine, [], 'error')], false, 'error');
    if (!ruleOnly) return verdict([], true, 'warning');
    return verdict([noRuleMatches(context, rules.value, [], 'error')], false, 'error');
  }

  const route = routeByRules(rules.value, custom.basePath);
  const uncertainServes = route.uncertain.some(serves);
  const uncertainOther = route.uncertain.find((r) => !serves(r));
  if (route.decided) {
    if (serves(route.decided)) {
      notes.push(`routing rule ${describeRule(route.decided)} serves base path ${custom.basePath || '/'}`);
      const found = uncertainOther ? [otherTarget(context, uncertainOther, route.uncertain, 'warning')] : [];
      return verdict(found, false, 'warning');
    }
    const severity = uncertainServes ? 'warning' : 'error';
    return verdict([otherTarget(context, route.decided, route.uncertain, severity)], false, severity);
  }
  // No rule certainly matches.
  const maybeElsewhere = uncertainOther
    ? [otherTarget(context, uncertainOther, route.uncertain, 'warning')]
    : [];
  if (!ruleOnly) {
    if (route.uncertain.length > 0) {
      notes.push(
        `requests not meeting ${route.uncertain.map(describeRule).join(', ')} fall back to the mappings`,
      );
    } else {
      notes.push(
        `no routing rule matches base path ${custom.basePath || '/'}: the base path mappings decide`,
      );
    }
    return verdict(maybeElsewhere, true, route.uncertain.length > 0 ? 'warning' : 'error');
  }
  const severity = uncertainServes ? 'warning' : 'error';
  return verdict([noRuleMatches(context, rules.value, route.uncertain, severity)], false, severity);
}

function verdict(findings: Finding[], fallBack: boolean, mappingSeverity: Severity): RoutingVerdict {
  return { findings, fallBack, mappingSeverity, readFailed: false };
}

interface Context {
  facts: Facts;
  domain: DomainNameInfo;
  mode: string;
  apiId: string;
  stage: string | null;
  basePath: string | null;
}

function requestLabel(context: Context): string {
  return context.basePath === null
    ? `calls for API ${context.apiId}`
    : `requests for base path ${context.basePath === '' ? '/' : context.basePath}`;
}

function notReadFinding(domain: DomainNameInfo, mode: string, why: string): Finding {
  return finding(
    'DOMAIN_ROUTING_RULES_NOT_READ',
    {
      cause:
        `Custom domain ${domain.domainName} routes with ${mode}: its routing rules decide first, but ${why}, so ` +
        'which API and stage serve the URL is not confirmed' +
        `${mode === 'ROUTING_RULE_ONLY' ? '.' : '; base path mappings are judged as the fallback.'}`,
      fix: null,
      resources: [domain.domainName],
    },
    { domainName: domain.domainName, routingMode: mode, reason: why },
  );
}

function otherTarget(
  context: Context,
  rule: RoutingRuleInfo,
  uncertain: RoutingRuleInfo[],
  severity: Severity,
): Finding {
  const { domain, apiId, stage, facts } = context;
  const certain = !uncertain.includes(rule);
  const before = uncertain.filter((r) => r !== rule);
  const wanted = `${apiId}${stage ? `/${stage}` : ''}`;
  const explanation = certain
    ? before.length > 0
      ? `Requests that meet an earlier rule's header or path condition are routed by that rule instead: ${before.map(describeRule).join(', ')}.`
      : ''
    : 'Whether a request meets its conditions depends on its headers (or on more of its path than the URL ' +
      'gives), which a URL does not tell: requests that do are sent there. The stage access-log variable ' +
      '$context.customDomain.routingRuleIdMatched shows which rule took a request.';
  return finding(
    'DOMAIN_ROUTING_RULE_OTHER_TARGET',
    {
      cause:
        `Routing rule ${describeRule(rule)} of custom domain ${domain.domainName} sends ${requestLabel(context)} ` +
        `to ${describeTarget(rule)}, not to ${wanted}${certain ? '' : ' when its conditions hold'}.`,
      explanation,
      fix:
        `Change the rule's action (\`aws apigatewayv2 put-routing-rule --domain-name ${domain.domainName} ` +
        `--domain-name-id ${domain.domainNameId ?? '<id>'} --routing-rule-id ${rule.routingRuleId} --priority ` +
        `${rule.priority} --conditions <its conditions> --actions '[{"InvokeApi":{"ApiId":"${apiId}","Stage":"${stage ?? '<stage>'}"}}]' ` +
        `--region ${facts.region}\`), or give the rule meant for ${wanted} a lower priority number than ` +
        `${rule.priority}; if ${describeTarget(rule)} is the right target, diagnose that API instead.`,
      shortFix: `Point routing rule ${rule.routingRuleId} at ${wanted}, or put this API's rule before it.`,
      resources: [domain.domainName, rule.routingRuleId, apiId, ...(rule.target ? [rule.target.apiId] : [])],
    },
    {
      domainName: domain.domainName,
      routingMode: context.mode,
      basePath: context.basePath,
      rule: ruleEvidence(rule),
      dependsOnRequest: !certain || severity !== 'error',
      earlierConditionalRules: before.map(ruleEvidence),
      diagnosedApiId: apiId,
      diagnosedStage: stage,
    },
    { severity },
  );
}

function noRuleMatches(
  context: Context,
  rules: RoutingRuleInfo[],
  uncertain: RoutingRuleInfo[],
  severity: Severity,
): Finding {
  const { domain, apiId, stage, facts } = context;
  const what =
    context.basePath === null
      ? `No routing rule of custom domain ${domain.domainName} invokes API ${apiId}`
      : `No routing rule of custom domain ${domain.domainName} matches ${requestLabel(context)}`;
  const conditionPath = context.basePath ? `[{"MatchBasePaths":{"AnyOf":["${context.basePath}"]}}]` : '[]';
  return finding(
    'DOMAIN_NO_ROUTING_RULE_MATCHES',
    {
      cause:
        `${what}${uncertain.length > 0 ? ' whatever its headers' : ''}, and its routing mode ROUTING_RULE_ONLY ` +
        'ignores base path mappings: API Gateway invokes no API for such a request and refuses it.',
      explanation: [
        uncertain.length > 0
          ? `Only requests meeting these conditions are routed: ${uncertain.map(describeRule).join(', ')}.`
          : '',
        `Its rules: ${rules.map(describeRule).join(', ') || 'none'}.`,
      ]
        .filter(Boolean)
        .join(' '),
      fix:
        `Add a rule: \`aws apigatewayv2 create-routing-rule --domain-name ${domain.domainName} --domain-name-id ` +
        `${domain.domainNameId ?? '<id>'} --priority <n> --conditions '${conditionPath}' --actions ` +
        `'[{"InvokeApi":{"ApiId":"${apiId}","Stage":"${stage ?? '<stage>'}"}}]' --region ${facts.region}\` — or ` +
        'switch the domain to ROUTING_RULE_THEN_BASE_PATH_MAPPING and map the base path.',
      shortFix: `Add a routing rule that invokes ${apiId}${stage ? `/${stage}` : ''} for this path.`,
      resources: [domain.domainName, apiId],
    },
    {
      domainName: domain.domainName,
      routingMode: context.mode,
      basePath: context.basePath,
      dependsOnRequest: uncertain.length > 0,
      conditionalRules: uncertain.map(ruleEvidence),
      rules: rules.slice(0, 20).map(ruleEvidence),
    },
    { severity },
  );
}
