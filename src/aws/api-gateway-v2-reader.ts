// API Gateway v2 (HTTP and WebSocket APIs): the one read the private-DNS fix plan needs, to name the public APIs
// whose default hostname private DNS would capture.

import { type ApiGatewayV2Client, GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import type { V2ApiSummary } from '../remediation/ports.js';
import { toV2ApiSummary } from './api-gateway-v2-mappers.js';
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
}
