// The finding catalogue of spec §4. Codes are stable API; the order of CATALOGUE is the precedence used to
// pick the primary cause (first listed wins): it follows the request's path — name resolution, network,
// endpoint policy, resource policy, deployment — so the primary cause is the first thing that stops a request.

import type { CheckId, Finding, RemediationId, Severity } from './types.js';

/**
 * Whose account a finding is about, which is where it is fixed: the API's (its policy, stages, logs, domains) or
 * the one that owns the caller's network (endpoint, DNS, security groups, ACLs, the probe's VPC).
 */
export type Side = 'api' | 'caller';

/** The side of each check's findings; a catalogue entry's `side` overrides it for one code. */
export const CHECK_SIDES: Record<CheckId, Side> = {
  api: 'api',
  stage: 'api',
  'resource-policy': 'api',
  'vpc-endpoint': 'caller',
  'private-dns': 'caller',
  'dns-rules': 'caller',
  'dns-firewall': 'caller',
  'invoke-url': 'api',
  'endpoint-access': 'api',
  'custom-domain': 'api',
  'security-groups': 'caller',
  'network-acls': 'caller',
  'endpoint-policy': 'caller',
  route: 'api',
  'logging-config': 'api',
  'execution-logs': 'api',
  'probe-request-logs': 'api',
  deployment: 'api',
  probe: 'caller',
};

export interface CatalogueEntry {
  /** Default severity; a few codes are downgraded by context (see PRIVATE_DNS_DISABLED, VPCE_NOT_ASSOCIATED). */
  severity: Severity;
  /**
   * Whether a finding of this code tells the user what to do (`Finding.fix`): `always` (the finding builder's type
   * requires a fix), `never` (an observation with nothing to change: the builder requires null), or `sometimes`
   * (the check decides; the entry says why).
   */
  fix: 'always' | 'sometimes' | 'never';
  check: CheckId;
  title: string;
  remediations: RemediationId[];
  /** Where this code is fixed when that is not its check's side (CHECK_SIDES). */
  side?: Side;
}

export const CATALOGUE = {
  API_NOT_FOUND: {
    severity: 'error',
    fix: 'always',
    check: 'api',
    title: 'REST API not found in this region',
    remediations: [],
  },
  STAGE_NOT_FOUND: {
    severity: 'error',
    fix: 'always',
    check: 'stage',
    title: 'Stage does not exist',
    remediations: [],
  },
  NO_DEPLOYED_STAGE: {
    severity: 'error',
    fix: 'always',
    check: 'stage',
    title: 'The API has no stage: it was never deployed',
    remediations: [],
  },
  DOMAIN_NOT_FOUND: {
    severity: 'error',
    fix: 'always',
    check: 'custom-domain',
    title: 'No private custom domain name of this name in the account and region',
    remediations: [],
  },
  DOMAIN_STATUS_NOT_AVAILABLE: {
    severity: 'error',
    fix: 'always',
    check: 'custom-domain',
    title: 'The custom domain name is not AVAILABLE (failed, or a change is still pending)',
    remediations: [],
  },
  API_STATUS_FAILED: {
    severity: 'error',
    fix: 'always',
    check: 'endpoint-access',
    title: "The API's last update failed (apiStatus FAILED)",
    remediations: [],
  },
  API_STATUS_UPDATING: {
    severity: 'warning',
    fix: 'always',
    check: 'endpoint-access',
    title: 'The API is still applying a change (apiStatus UPDATING or PENDING)',
    remediations: [],
  },
  API_NOT_PRIVATE: {
    severity: 'info',
    fix: 'never',
    check: 'api',
    title: 'The API is not private: private-API checks do not apply',
    remediations: [],
  },
  PUBLIC_API_SHADOWED_BY_PRIVATE_DNS: {
    severity: 'error',
    // Without the caller's VPC it is only a likely cause: whether there is anything to do depends on the caller.
    fix: 'sometimes',
    check: 'private-dns',
    title: "A private-DNS execute-api endpoint in the caller's VPC captures this public API's hostname",
    remediations: [],
  },
  POLICY_MISSING: {
    severity: 'error',
    fix: 'always',
    check: 'resource-policy',
    title: 'Private API has no resource policy: every call fails',
    remediations: [],
  },
  ENDPOINT_IN_OTHER_VPC: {
    severity: 'error',
    fix: 'always',
    check: 'vpc-endpoint',
    title: "The caller's VPC has no execute-api endpoint; the API's endpoint is in another VPC",
    remediations: [],
  },
  VPCE_MISSING: {
    severity: 'error',
    fix: 'always',
    check: 'vpc-endpoint',
    title: "No execute-api interface endpoint in the caller's VPC",
    remediations: [],
  },
  VPCE_NOT_VISIBLE: {
    severity: 'warning',
    fix: 'always',
    check: 'vpc-endpoint',
    title: "The caller's endpoint is in an account the tool cannot read: its side was not examined",
    remediations: [],
  },
  VPCE_WRONG_REGION: {
    severity: 'error',
    fix: 'always',
    check: 'vpc-endpoint',
    title: "The VPC endpoint serves another region's execute-api",
    remediations: [],
  },
  VPCE_NOT_AVAILABLE: {
    severity: 'error',
    fix: 'always',
    check: 'vpc-endpoint',
    title: 'The VPC endpoint is not available',
    remediations: [],
  },
  VPC_DNS_ATTRIBUTES_DISABLED: {
    severity: 'error',
    fix: 'always',
    check: 'private-dns',
    title: 'VPC DNS support or DNS hostnames is off: private DNS cannot work',
    remediations: [],
  },
  VPC_CUSTOM_DNS_SERVERS: {
    severity: 'warning',
    fix: 'always',
    check: 'private-dns',
    title: "The VPC's DHCP option set uses custom DNS servers: the private-DNS name may resolve publicly",
    remediations: [],
  },
  DNS_FIREWALL_BLOCKS: {
    severity: 'error',
    fix: 'always',
    check: 'dns-firewall',
    title: "A DNS Firewall rule associated with the caller's VPC blocks the API's hostname",
    remediations: [],
  },
  DNS_FIREWALL_ALERTS: {
    severity: 'info',
    fix: 'never',
    check: 'dns-firewall',
    title:
      "A DNS Firewall rule associated with the caller's VPC alerts on the API's hostname (answered, logged)",
    remediations: [],
  },
  DNS_RESOLVER_RULE_FORWARDS: {
    severity: 'error',
    fix: 'always',
    check: 'dns-rules',
    title: "A Route 53 Resolver rule forwards the API's hostname to other DNS servers",
    remediations: [],
  },
  DNS_PRIVATE_ZONE_SHADOWS: {
    severity: 'error',
    fix: 'always',
    check: 'dns-rules',
    title:
      "A private hosted zone in the caller's VPC answers the name with no record, or not with the endpoint",
    remediations: [],
  },
  DNS_CUSTOM_DOMAIN_NOT_ANSWERED: {
    severity: 'error',
    fix: 'always',
    check: 'dns-rules',
    title: "No private hosted zone or Resolver rule in the caller's VPC answers the custom domain name",
    remediations: [],
  },
  DNS_LIVE_ANSWER_DIFFERS: {
    severity: 'warning',
    fix: 'always',
    check: 'dns-rules',
    title: "The probe's live DNS answer differs from what the VPC's DNS configuration predicts",
    remediations: [],
  },
  PRIVATE_DNS_DISABLED: {
    severity: 'error',
    fix: 'always',
    check: 'private-dns',
    title: 'Private DNS is off on the VPC endpoint',
    remediations: ['enable-private-dns'],
  },
  VPCE_NOT_ASSOCIATED: {
    severity: 'error',
    fix: 'always',
    check: 'vpc-endpoint',
    title: 'The VPC endpoint is not associated with the API (no {api}-{vpce} alias)',
    remediations: [],
    // The association is the API's endpointConfiguration, changed in the API's account.
    side: 'api',
  },
  VPCE_HOSTNAME_NEEDS_HEADER: {
    severity: 'warning',
    fix: 'always',
    check: 'invoke-url',
    title: 'The vpce hostname URL needs a Host or x-apigw-api-id header',
    remediations: [],
  },
  SG_ENDPOINT_NO_INGRESS_443: {
    severity: 'error',
    fix: 'always',
    check: 'security-groups',
    title: "The endpoint's security groups do not allow inbound TCP 443 from the caller",
    remediations: [],
  },
  SG_CLIENT_NO_EGRESS_443: {
    severity: 'error',
    fix: 'always',
    check: 'security-groups',
    title: "The caller's security groups do not allow outbound TCP 443 to the endpoint",
    remediations: [],
  },
  NACL_BLOCKS_443: {
    severity: 'error',
    fix: 'always',
    check: 'network-acls',
    title: 'A network ACL blocks TCP 443 or its return traffic',
    remediations: [],
  },
  SECURITY_POLICY_TLS13_ONLY: {
    severity: 'info',
    fix: 'always',
    check: 'endpoint-access',
    title: 'The security policy accepts TLS 1.3 only: TLS 1.2 clients fail the handshake',
    remediations: [],
  },
  ENDPOINT_ACCESS_MODE_STRICT_SNI: {
    severity: 'error',
    fix: 'always',
    check: 'endpoint-access',
    title: "Endpoint access mode STRICT refuses this URL form: the TLS SNI is not the API's hostname",
    remediations: [],
  },
  DEFAULT_ENDPOINT_DISABLED: {
    severity: 'error',
    fix: 'always',
    check: 'endpoint-access',
    title: 'The default execute-api endpoint is disabled: execute-api hostnames get 403',
    remediations: [],
  },
  DOMAIN_ACCESS_ASSOCIATION_MISSING: {
    severity: 'error',
    fix: 'always',
    check: 'custom-domain',
    title: "The private custom domain is not associated with the caller's VPC endpoint",
    remediations: [],
    // The access association is created by the endpoint's owner, in its own account.
    side: 'caller',
  },
  DOMAIN_ACCESS_ASSOCIATION_NOT_READY: {
    severity: 'warning',
    fix: 'always',
    check: 'custom-domain',
    title:
      "The custom domain's access association with the caller's endpoint was created minutes ago: not ready yet",
    remediations: [],
  },
  DOMAIN_POLICY_DENIES_VPCE: {
    severity: 'error',
    fix: 'always',
    check: 'custom-domain',
    title: "The custom domain's policy does not let the caller's VPC endpoint invoke it",
    remediations: [],
  },
  // Routing rules decide before base path mappings when the domain's routing mode uses them.
  DOMAIN_NO_ROUTING_RULE_MATCHES: {
    severity: 'error',
    fix: 'always',
    check: 'custom-domain',
    title: "No routing rule of the custom domain matches the URL's path (ROUTING_RULE_ONLY)",
    remediations: [],
  },
  DOMAIN_ROUTING_RULE_OTHER_TARGET: {
    severity: 'error',
    fix: 'always',
    check: 'custom-domain',
    title: "A routing rule of the custom domain sends the URL's path to another API or stage",
    remediations: [],
  },
  DOMAIN_PATH_NOT_MAPPED: {
    severity: 'error',
    fix: 'always',
    check: 'custom-domain',
    title: "No base path mapping of the custom domain serves the URL's path",
    remediations: [],
  },
  DOMAIN_MAPPING_MISMATCH: {
    severity: 'error',
    fix: 'always',
    check: 'custom-domain',
    title: "The custom domain maps the URL's base path to another API or stage",
    remediations: [],
  },
  VPCE_POLICY_DENIES: {
    severity: 'error',
    fix: 'always',
    check: 'endpoint-policy',
    title: 'The VPC endpoint policy does not allow execute-api:Invoke on this API',
    remediations: [],
  },
  ROUTE_NOT_FOUND: {
    severity: 'error',
    fix: 'always',
    check: 'route',
    title: 'The URL\'s path reaches no method: "Missing Authentication Token"',
    remediations: [],
  },
  ROUTE_NOT_DEPLOYED: {
    severity: 'error',
    fix: 'always',
    check: 'route',
    title: "The URL's route exists but is not in the stage's deployment: redeploy",
    remediations: ['redeploy-stage'],
  },
  POLICY_DENIES_VPCE: {
    severity: 'error',
    fix: 'always',
    check: 'resource-policy',
    title: "The resource policy denies the caller's VPC endpoint",
    // Redeploying alone would ship the same saved policy: the fix is the edit (then the redeploy).
    remediations: ['allow-endpoint-in-policy'],
  },
  POLICY_PRINCIPAL_NEEDS_IAM_AUTH: {
    severity: 'error',
    fix: 'always',
    check: 'resource-policy',
    title: 'The resource policy lets in only IAM principals, but the method is not AWS_IAM-authorized',
    remediations: [],
  },
  POLICY_NOT_DEPLOYED: {
    severity: 'error',
    fix: 'always',
    check: 'resource-policy',
    title: "The resource policy changed after the stage's deployment",
    remediations: ['redeploy-stage'],
  },
  DEFAULT_ENDPOINT_CHANGE_NOT_DEPLOYED: {
    severity: 'error',
    fix: 'always',
    check: 'deployment',
    title: 'The default endpoint was turned back on after the deployment: not live until redeployed',
    remediations: ['redeploy-stage'],
  },
  LOG_ANONYMOUS_NOT_AUTHORIZED: {
    severity: 'error',
    fix: 'always',
    check: 'execution-logs',
    title: 'Execution logs: anonymous is not authorized (resource policy implicit deny)',
    remediations: ['redeploy-stage'],
  },
  LOG_EXPLICIT_DENY: {
    severity: 'error',
    fix: 'always',
    check: 'execution-logs',
    title: 'Execution logs: an explicit deny rejected requests',
    remediations: ['redeploy-stage'],
  },
  LOG_VPCE_POLICY_DENY: {
    severity: 'error',
    fix: 'always',
    check: 'execution-logs',
    title: 'Execution logs: no VPC endpoint policy allows the call',
    remediations: [],
  },
  PROBE_DNS_PUBLIC: {
    severity: 'error',
    fix: 'always',
    check: 'probe',
    title: 'In-VPC probe: the private-DNS name resolves to public addresses',
    remediations: ['enable-private-dns'],
  },
  PROBE_DNS_FAILED: {
    severity: 'error',
    fix: 'always',
    check: 'probe',
    title: 'In-VPC probe: the name the caller uses does not resolve',
    remediations: [],
  },
  PROBE_DNS_MISMATCH: {
    severity: 'error',
    fix: 'always',
    check: 'probe',
    title: "In-VPC probe: the private name and the endpoint's DNS name resolve differently",
    remediations: [],
  },
  PROBE_TCP_TIMEOUT: {
    severity: 'error',
    fix: 'always',
    check: 'probe',
    title: 'In-VPC probe: TCP 443 to the endpoint times out',
    remediations: [],
  },
  PROBE_HTTP_FORBIDDEN: {
    severity: 'error',
    // What the probe saw, not why: the fix is in the finding of the layer that refused it (policy, route).
    fix: 'sometimes',
    check: 'probe',
    title: 'In-VPC probe: the HTTPS call was answered 403',
    remediations: [],
  },
  PROBE_REQUEST_NOT_IN_LOGS: {
    severity: 'warning',
    fix: 'always',
    check: 'probe-request-logs',
    title: "The probe's request is not in the stage's logs: it never reached this API",
    remediations: [],
  },
  NO_REQUESTS_REACHED_API: {
    severity: 'warning',
    fix: 'always',
    check: 'execution-logs',
    title: 'No request reached the API in the log window',
    remediations: [],
  },
  EXECUTION_LOGGING_DISABLED: {
    severity: 'warning',
    fix: 'always',
    check: 'logging-config',
    title: 'Execution logging is off: causes only logs show cannot be confirmed',
    remediations: ['enable-logging'],
  },
  CLOUDWATCH_ROLE_MISSING: {
    severity: 'warning',
    fix: 'always',
    check: 'logging-config',
    title: 'No CloudWatch Logs role is set for API Gateway in this region',
    remediations: [],
  },
  CUSTOM_VPCE_POLICY_AUTH_HEADER: {
    severity: 'warning',
    fix: 'always',
    check: 'endpoint-policy',
    title: 'Custom endpoint policy: API Gateway will evaluate the Authorization header',
    remediations: [],
  },
  POLICY_DEPENDS_ON_SIGNER: {
    severity: 'warning',
    fix: 'always',
    check: 'resource-policy',
    title: 'Whether the policy lets the caller in depends on who signs the request',
    remediations: [],
  },
  POLICY_USES_SOURCE_IP: {
    severity: 'warning',
    fix: 'always',
    check: 'resource-policy',
    title: 'The resource policy uses aws:SourceIp, which a private API never sees',
    remediations: [],
  },
  POLICY_OVERLY_PERMISSIVE: {
    severity: 'warning',
    fix: 'always',
    check: 'resource-policy',
    title: 'The resource policy allows any VPC endpoint in any account',
    remediations: [],
  },
  VPCE_SINGLE_AZ: {
    severity: 'info',
    fix: 'always',
    check: 'vpc-endpoint',
    title: 'The VPC endpoint is in a single Availability Zone',
    remediations: [],
  },
  DOMAIN_ROUTING_RULES_NOT_READ: {
    severity: 'info',
    fix: 'never',
    check: 'custom-domain',
    title: 'The custom domain routes with routing rules, which could not be read',
    remediations: [],
  },
  PROBE_NOT_CONFIGURED: {
    severity: 'info',
    fix: 'always',
    check: 'probe',
    title: "No in-VPC probe is deployed for the caller's VPC",
    remediations: [],
  },
  PROBE_HTTP_OK: {
    severity: 'info',
    fix: 'never',
    check: 'probe',
    title: 'In-VPC probe reached the API: the fault is specific to the caller',
    remediations: [],
  },
  PROBE_REQUEST_IN_LOGS: {
    severity: 'info',
    fix: 'never',
    check: 'probe-request-logs',
    title: "The probe's request reached the API: its log lines say what happened",
    remediations: [],
  },
  PROBE_REQUEST_LOGS_OFF: {
    severity: 'info',
    fix: 'always',
    check: 'probe-request-logs',
    title: "Logging is off: the probe's request could not be looked up in the logs",
    remediations: ['enable-logging'],
  },
  AWS_PERMISSION_MISSING: {
    severity: 'warning',
    fix: 'always',
    check: 'api',
    title: "The bot's AWS role was denied a call",
    remediations: [],
  },
  ACCOUNT_NOT_READABLE: {
    severity: 'warning',
    fix: 'always',
    check: 'api',
    title: 'An account could not be read: its role was not assumed or its reads failed',
    remediations: [],
  },
} as const satisfies Record<string, CatalogueEntry>;

export type FindingCode = keyof typeof CATALOGUE;

export const FINDING_CODES = Object.keys(CATALOGUE) as FindingCode[];

/** Lower is more fundamental. */
export function precedenceOf(code: FindingCode): number {
  return FINDING_CODES.indexOf(code);
}

/** The side a finding is fixed on: its code's own, else the side of the check that reported it. */
export function sideOf(finding: Pick<Finding, 'code' | 'check'>): Side {
  const entry: CatalogueEntry = CATALOGUE[finding.code];
  return entry.side ?? CHECK_SIDES[finding.check];
}
