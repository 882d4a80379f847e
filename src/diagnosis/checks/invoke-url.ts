// Does the URL the caller uses name the API? The endpoint's own hostname does not: API Gateway needs a header.

import { privateDnsHostname, vpceHostnamePattern } from '../model/endpoints.js';
import { type Check, finding, statusFor } from './check.js';

export const invokeUrlCheck: Check = {
  id: 'invoke-url',
  run(facts) {
    if (facts.urlForm !== 'vpce-hostname') return { status: 'pass', findings: [] };
    const apiId = facts.request.apiId;
    const url =
      facts.request.url ?? `https://${vpceHostnamePattern(facts.region)}/${facts.request.stage ?? '<stage>'}`;
    const hostHeader = `Host: ${privateDnsHostname(apiId, facts.region)}`;
    const apiIdHeader = `x-apigw-api-id: ${apiId}`;
    const found = finding(
      'VPCE_HOSTNAME_NEEDS_HEADER',
      {
        cause:
          `${url} is the VPC endpoint's own hostname, which does not say which API to call: without a header API ` +
          'Gateway answers 403 Forbidden.',
        fix:
          `Send one of the two headers with the call: \`curl -H '${hostHeader}' '${url}'\` or ` +
          `\`curl -H '${apiIdHeader}' '${url}'\`.`,
        shortFix: `Send a \`${hostHeader}\` or \`${apiIdHeader}\` header with the call.`,
        resources: [apiId],
      },
      { url, apiId, hostHeader, apiIdHeader },
    );
    return { status: statusFor([found]), findings: [found] };
  },
};
