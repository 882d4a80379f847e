// API Gateway v2 SDK shapes → remediation facts (HTTP and WebSocket APIs) and diagnosis facts (routing rules).

import type { Api, RoutingRule } from '@aws-sdk/client-apigatewayv2';
import type { RoutingRuleInfo } from '../diagnosis/facts.js';
import type { V2ApiSummary } from '../remediation/ports.js';

export function toV2ApiSummary(api: Api): V2ApiSummary {
  return {
    id: api.ApiId ?? '',
    name: api.Name ?? '',
    // v2 knows only these two protocols; an unknown one is shown as HTTP rather than dropped from the warning.
    protocolType: api.ProtocolType === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP',
    disableExecuteApiEndpoint: api.DisableExecuteApiEndpoint ?? false,
  };
}

/** A routing rule (ListRoutingRules) → the engine's fact: its conditions merged, its InvokeApi action. */
export function toRoutingRuleInfo(rule: RoutingRule): RoutingRuleInfo {
  const conditions = rule.Conditions ?? [];
  const basePathConditions = conditions.flatMap((c) =>
    c.MatchBasePaths ? [c.MatchBasePaths.AnyOf ?? []] : [],
  );
  const invoke = (rule.Actions ?? []).find((a) => a.InvokeApi)?.InvokeApi;
  return {
    routingRuleId: rule.RoutingRuleId ?? '',
    priority: rule.Priority ?? Number.MAX_SAFE_INTEGER,
    // AWS allows one base path condition per rule; were there more, all would have to hold — the first is kept.
    basePaths: basePathConditions[0] ?? null,
    headers: conditions.flatMap((c) =>
      (c.MatchHeaders?.AnyOf ?? []).map((h) => ({ header: h.Header ?? '', valueGlob: h.ValueGlob ?? '' })),
    ),
    target: invoke
      ? { apiId: invoke.ApiId ?? '', stage: invoke.Stage ?? '', stripBasePath: invoke.StripBasePath ?? false }
      : null,
  };
}
