// API Gateway v2 (HTTP and WebSocket APIs) SDK shapes → remediation facts.

import type { Api } from '@aws-sdk/client-apigatewayv2';
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
