// API Gateway v2: the HTTP and WebSocket APIs the private-DNS fix plan needs, to name the public APIs whose
// default hostname private DNS would capture; and a custom domain's routing rules (which live in the v2 API even
// for the REST APIs they route to), for the diagnosis.

import {
  type ApiGatewayV2Client,
  GetApisCommand,
  ListRoutingRulesCommand,
} from '@aws-sdk/client-apigatewayv2';
import type { RoutingRuleInfo } from '../diagnosis/facts.js';
import type { V2ApiSummary } from '../remediation/ports.js';
import { toRoutingRuleInfo, toV2ApiSummary } from './api-gateway-v2-mappers.js';
import { callAws } from './errors.js';

/** GetApis page size: v2 documents no maximum, so a modest page that any limit it has will accept. */
const PAGE_SIZE = '100';

export class SdkApiGatewayV2Reader {
  constructor(private readonly client: ApiGatewayV2Client) {}

  /** Every HTTP and WebSocket API of the region (paginated inside). */
  async getApis(): Promise<V2ApiSummary[]> {
    const apis: V2ApiSummary[] = [];
    let nextToken: string | undefined;
    do {
      const out = await callAws('GetApis', 'apigateway:GET', () =>
        this.client.send(new GetApisCommand({ MaxResults: PAGE_SIZE, NextToken: nextToken })),
      );
      apis.push(...(out.Items ?? []).map(toV2ApiSummary));
      nextToken = out.NextToken;
    } while (nextToken);
    return apis;
  }

  /**
   * Every routing rule of a custom domain (paginated inside); `domainNameId` is required for a private one.
   * IAM: routing rules have actions of their own — apigateway:ListRoutingRules, not the apigateway:GET of the
   * other reads (Service Authorization Reference, API Gateway Management V2).
   */
  async getRoutingRules(domainName: string, domainNameId: string | null): Promise<RoutingRuleInfo[]> {
    const rules: RoutingRuleInfo[] = [];
    let nextToken: string | undefined;
    do {
      const out = await callAws('ListRoutingRules', 'apigateway:ListRoutingRules', () =>
        this.client.send(
          new ListRoutingRulesCommand({
            DomainName: domainName,
            ...(domainNameId ? { DomainNameId: domainNameId } : {}),
            NextToken: nextToken,
          }),
        ),
      );
      rules.push(...(out.RoutingRules ?? []).map(toRoutingRuleInfo));
      nextToken = out.NextToken;
    } while (nextToken);
    return rules;
  }
}
