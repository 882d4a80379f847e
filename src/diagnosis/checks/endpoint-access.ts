// How API Gateway's front door treats the caller's hostname before any policy is read: a disabled default
// (execute-api) endpoint answers 403 to every execute-api hostname; endpoint access mode STRICT refuses a
// request whose TLS SNI is not the API's own name (the vpce hostname + Host header, the vpce alias); a
// TLS-1.3-only security policy refuses TLS 1.2 clients in the handshake; and an API whose update is still being
// applied (apiStatus UPDATING/PENDING) may not enforce its saved settings yet (domain-reference A2 #8, #9).

import type { Facts, RestApiInfo } from '../facts.js';
import { EXECUTE_API_URL_FORMS, privateDnsHostname } from '../model/endpoints.js';
import type { Finding, UrlForm } from '../types.js';
import { privateApiOrOutcome } from './api.js';
import { type Check, type CheckOutcome, finding, statusFor } from './check.js';
import { DISABLE_EXECUTE_API_PATH, settingChangesNotDeployed } from './deployment.js';

/** URL forms whose hostname is an execute-api one (the default endpoint). */
/** URL forms whose TLS SNI is not the API's own hostname: STRICT access mode refuses them. */
const NON_MATCHING_SNI_FORMS: readonly UrlForm[] = ['vpce-alias', 'vpce-hostname'];
/** Enhanced policies that accept TLS 1.3 only (SecurityPolicy_TLS13_1_3_2025_09 and its FIPS variant). */
const TLS13_ONLY = /^SecurityPolicy_TLS13_1_3(?:_FIPS)?_\d{4}_\d{2}$/;
/** Handshake errors that mean the two sides share no TLS version. */
const TLS_VERSION_ERROR = /PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|VERSION_TOO_LOW|WRONG_VERSION_NUMBER/i;

export const endpointAccessCheck: Check = {
  id: 'endpoint-access',
  run(facts: Facts): CheckOutcome {
    const read = privateApiOrOutcome(facts);
    if ('outcome' in read) return read.outcome;
    const api = read.api;
    const findings = [
      ...apiStatusFindings(facts, api),
      ...tlsFindings(facts, api),
      ...accessModeFindings(facts, api),
      ...defaultEndpointFindings(facts, api),
    ];
    return { status: statusFor(findings), findings };
  },
};

function apiStatusFindings(facts: Facts, api: RestApiInfo): Finding[] {
  const status = api.apiStatus?.toUpperCase();
  const evidence = { apiId: api.id, apiStatus: api.apiStatus, apiStatusMessage: api.apiStatusMessage };
  if (status === 'FAILED') {
    return [
      finding(
        'API_STATUS_FAILED',
        {
          cause:
            `REST API ${api.id} reports apiStatus FAILED${messageSuffix(api)}: its last update (security policy ` +
            'or endpoint access mode) could not be applied.',
          fix:
            'Fix what the message names and update the API again (`aws apigateway get-rest-api --rest-api-id ' +
            `${api.id} --region ${facts.region}\` shows the status).`,
          resources: [api.id],
        },
        evidence,
      ),
    ];
  }
  if (status === 'UPDATING' || status === 'PENDING') {
    return [
      finding(
        'API_STATUS_UPDATING',
        {
          cause:
            `REST API ${api.id} reports apiStatus ${status}${messageSuffix(api)}: a change to its security policy ` +
            'or endpoint access mode is still being applied, so what callers see may still follow the old settings.',
          fix: 'Wait until the status is AVAILABLE, then re-run the diagnosis.',
          resources: [api.id],
        },
        evidence,
      ),
    ];
  }
  return [];
}

function tlsFindings(facts: Facts, api: RestApiInfo): Finding[] {
  const policy = api.securityPolicy;
  if (policy === null || !TLS13_ONLY.test(policy)) return [];
  const probeSteps = facts.probe.state === 'ran' ? facts.probe.result.http : [];
  const refused = probeSteps.filter((step) => TLS_VERSION_ERROR.test(step.errorCode ?? ''));
  const evidence = {
    apiId: api.id,
    securityPolicy: policy,
    probeTlsVersions: probeSteps.map((step) => ({ url: step.url, tlsVersion: step.tlsVersion })),
    ...(refused.length > 0 ? { refusedHandshakes: refused.map((s) => `${s.url}: ${s.errorCode}`) } : {}),
  };
  const advice = {
    explanation:
      'Clients whose TLS stack lacks TLS 1.3 (for example Java 8 before 8u261, OpenSSL 1.0.x, .NET Framework on ' +
      'older Windows) fail in the handshake, before any HTTP status.',
    fix:
      'Upgrade those clients, or choose a policy that also accepts TLS 1.2 (SecurityPolicy_TLS13_1_2_2021_06 or ' +
      'an enhanced SecurityPolicy_TLS13_1_2_* one).',
    resources: [api.id],
  };
  if (refused.length > 0) {
    return [
      finding(
        'SECURITY_POLICY_TLS13_ONLY',
        {
          cause:
            `REST API ${api.id} uses security policy ${policy}, which accepts TLS 1.3 only, and the in-VPC ` +
            `probe's handshake was refused for lack of a common TLS version (${refused[0]?.errorCode}).`,
          ...advice,
        },
        evidence,
        { severity: 'error' },
      ),
    ];
  }
  return [
    finding(
      'SECURITY_POLICY_TLS13_ONLY',
      { cause: `REST API ${api.id} uses security policy ${policy}, which accepts TLS 1.3 only.`, ...advice },
      evidence,
    ),
  ];
}

function accessModeFindings(facts: Facts, api: RestApiInfo): Finding[] {
  if (api.endpointAccessMode?.toUpperCase() !== 'STRICT') return [];
  const form = facts.urlForm;
  const evidence = {
    apiId: api.id,
    endpointAccessMode: api.endpointAccessMode,
    securityPolicy: api.securityPolicy,
    urlForm: form,
    url: facts.request.url,
  };
  const fix =
    `Call https://${privateDnsHostname(api.id, facts.region)} (private DNS on the endpoint) or a private ` +
    `custom domain name, or set the access mode to BASIC: \`aws apigateway update-rest-api --rest-api-id ${api.id} ` +
    `--patch-operations op=replace,path=/endpointAccessMode,value=BASIC --region ${facts.region}\`.`;
  const shortFix =
    'Call the private DNS name or a private custom domain name, or set the endpoint access mode to BASIC.';
  if (NON_MATCHING_SNI_FORMS.includes(form)) {
    return [
      finding(
        'ENDPOINT_ACCESS_MODE_STRICT_SNI',
        {
          cause:
            `REST API ${api.id} uses endpoint access mode STRICT (security policy ${api.securityPolicy ?? 'unknown'}): ` +
            `API Gateway refuses a request whose TLS SNI is not the API's own hostname, and the ${form} URL sends ` +
            `the endpoint's name as SNI${form === 'vpce-hostname' ? ' (the Host header does not count)' : ''}.`,
          fix,
          shortFix,
          resources: [api.id],
        },
        evidence,
      ),
    ];
  }
  if (form === 'none') {
    return [
      finding(
        'ENDPOINT_ACCESS_MODE_STRICT_SNI',
        {
          cause:
            `REST API ${api.id} uses endpoint access mode STRICT: only callers using the private DNS name or a ` +
            'custom domain name get through; calls through the vpce hostname with a Host header or through the ' +
            '{api}-{vpce} alias are refused.',
          fix: `If a caller uses one of those: ${fix}`,
          shortFix: `If a caller uses one of those: ${shortFix}`,
          resources: [api.id],
        },
        evidence,
        { severity: 'info' },
      ),
    ];
  }
  return [];
}

function defaultEndpointFindings(facts: Facts, api: RestApiInfo): Finding[] {
  if (!api.disableExecuteApiEndpoint) return [];
  const form = facts.urlForm;
  const usesExecuteApi = EXECUTE_API_URL_FORMS.includes(form);
  if (!usesExecuteApi && form !== 'none') return [];
  const pending = settingChangesNotDeployed(facts, DISABLE_EXECUTE_API_PATH);
  const evidence = {
    apiId: api.id,
    disableExecuteApiEndpoint: true,
    urlForm: form,
    url: facts.request.url,
    ...(pending.length > 0 ? { changedAfterDeployment: pending.map((u) => u.eventId) } : {}),
  };
  const fix = {
    fix:
      'Call the API through its custom domain name, or turn the default endpoint back on and redeploy: ' +
      `\`aws apigateway update-rest-api --rest-api-id ${api.id} --patch-operations ` +
      `op=replace,path=${DISABLE_EXECUTE_API_PATH},value=false --region ${facts.region}\`, then ` +
      `\`aws apigateway create-deployment --rest-api-id ${api.id} --stage-name ${facts.request.stage ?? '<stage>'} --region ${facts.region}\`.`,
    shortFix:
      'Call the API through its custom domain name, or turn the default endpoint back on and redeploy.',
    resources: [api.id],
  };
  if (pending.length > 0) {
    // Saved but not deployed: the stage still serves the default endpoint, until the next deployment.
    return [
      finding(
        'DEFAULT_ENDPOINT_DISABLED',
        {
          cause:
            `REST API ${api.id} has its default execute-api endpoint turned off, but the change was saved after ` +
            "the stage's deployment, so it is not live yet: the next deployment (also the Redeploy button) will " +
            'make every execute-api hostname answer 403 Forbidden.',
          ...fix,
        },
        evidence,
        { severity: 'warning' },
      ),
    ];
  }
  if (form === 'none') {
    return [
      finding(
        'DEFAULT_ENDPOINT_DISABLED',
        {
          cause:
            `REST API ${api.id} has its default execute-api endpoint turned off (disableExecuteApiEndpoint): only ` +
            'a custom domain name reaches it; any caller using an execute-api hostname (private DNS name, ' +
            '{api}-{vpce} alias, vpce hostname) gets 403 Forbidden.',
          ...fix,
        },
        evidence,
        { severity: 'info' },
      ),
    ];
  }
  return [
    finding(
      'DEFAULT_ENDPOINT_DISABLED',
      {
        cause:
          `REST API ${api.id} has its default execute-api endpoint turned off (disableExecuteApiEndpoint), and ` +
          `${facts.request.url ?? `the ${form} URL`} is an execute-api hostname: API Gateway answers it 403 ` +
          'Forbidden before any policy is read.',
        ...fix,
      },
      evidence,
    ),
  ];
}

function messageSuffix(api: RestApiInfo): string {
  return api.apiStatusMessage ? ` ("${api.apiStatusMessage}")` : '';
}
