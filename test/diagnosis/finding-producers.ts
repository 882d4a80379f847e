// Facts under which the real checks report each finding code: one row per catalogue entry (the Record type makes
// a new code a compile error here until it has a row). Used by the finding-text contract and the declared-reads
// test, so both see every check on every path that yields a finding.

import type { FindingCode } from '../../src/diagnosis/catalogue.js';
import type {
  CustomDomainFacts,
  DomainNameInfo,
  Facts,
  LogEvent,
  NetworkAclEntry,
  RestApiUpdate,
  SecurityGroupInfo,
} from '../../src/diagnosis/facts.js';
import {
  dnsStep,
  FORBIDDEN,
  httpStep,
  PRIVATE_NAME,
  probeOutput,
  tcpStep,
} from '../probe/probe-output-fixtures.js';
import {
  ACCOUNT_ID,
  buildFacts,
  callerVpc,
  DOMAIN_NAME,
  endpoint,
  fetchedFailed,
  fetchedOk,
  NOW_MS,
  ONE_ACCOUNT,
  privateDomain,
  REGION,
  restApiInfo,
  routingRule,
  seenFrom,
  stage,
} from './checks/facts-builder.js';

const API = 'a1b2c3d4e5';
const CALLER = seenFrom([callerVpc([endpoint()])]);

function policy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

const ALLOW_CALLER = {
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
  Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0aaa' } },
};

function privateApi(overrides: Parameters<typeof restApiInfo>[0] = {}) {
  return fetchedOk(
    restApiInfo({ policy: policy(ALLOW_CALLER), vpcEndpointIds: ['vpce-0aaa'], ...overrides }),
  );
}

function domainFacts(custom: Partial<CustomDomainFacts>, domain: Partial<DomainNameInfo> = {}): Facts {
  const d = privateDomain({
    policy: policy({ ...ALLOW_CALLER, Resource: 'execute-api:/domainnames/*' }),
    ...domain,
  });
  return buildFacts({
    urlForm: 'custom-domain',
    stage: stage(),
    ...CALLER,
    customDomain: {
      name: DOMAIN_NAME,
      basePath: 'orders',
      domains: fetchedOk([d]),
      domain: fetchedOk(d),
      accessAssociations: fetchedOk([
        { arn: null, domainNameArn: d.domainNameArn, sourceType: 'VPCE', source: 'vpce-0aaa' },
      ]),
      mappings: fetchedOk([{ basePath: 'orders', restApiId: API, stage: 'prod' }]),
      routingRules: null,
      associationCreations: null,
      ...custom,
    },
  });
}

function logFacts(...messages: string[]): Facts {
  const events: LogEvent[] = messages.map((message, i) => ({
    timestamp: NOW_MS - 60_000 + i,
    message,
    logStreamName: 'stream-1',
  }));
  return buildFacts({
    stages: fetchedOk([stage()]),
    stage: stage(),
    logs: fetchedOk({
      logGroupName: `API-Gateway-Execution-Logs_${API}/prod`,
      logGroupExists: true,
      startMs: NOW_MS - 900_000,
      endMs: NOW_MS,
      events,
      truncated: false,
    }),
  });
}

function history(updates: RestApiUpdate[]) {
  return fetchedOk({
    state: 'read' as const,
    startMs: NOW_MS - 89 * 86_400_000,
    endMs: NOW_MS,
    updates,
    eventsRead: updates.length,
    truncated: false,
    oldestEventMs: null,
  });
}

function deploymentFacts(path: string, api = privateApi()): Facts {
  return buildFacts({
    ...CALLER,
    restApi: api,
    stages: fetchedOk([stage()]),
    stage: stage(),
    deployment: fetchedOk({
      id: 'dep123',
      createdDate: '2026-05-01T00:00:00.000Z',
      description: null,
      apiSummary: null,
    }),
    restApiUpdates: history([
      {
        eventId: 'ev-1',
        eventTime: '2026-05-20T00:00:00.000Z',
        actorArn: 'arn:aws:iam::123456789012:user/alice',
        patchPaths: [path],
      },
    ]),
  });
}

const VPC_1 = fetchedOk([
  { id: 'vpc-1', cidrBlocks: ['10.0.0.0/16'], ipv6CidrBlocks: [], dhcpOptionsId: null },
]);

/** The endpoint's security group, letting in TCP `port` from the caller VPC's range. */
function endpointGroupAllowing(port: number): SecurityGroupInfo {
  const rule = { protocol: 'tcp', fromPort: port, toPort: port, cidrs: ['10.0.0.0/16'] };
  return {
    id: 'sg-vpce',
    name: 'vpce',
    vpcId: 'vpc-1',
    ingress: [{ ...rule, ipv6Cidrs: [], groupIds: [], prefixListIds: [] }],
    egress: [],
  };
}

function aclRule(overrides: Partial<NetworkAclEntry>): NetworkAclEntry {
  return {
    ruleNumber: 100,
    egress: false,
    protocol: '-1',
    action: 'allow',
    cidrBlock: '0.0.0.0/0',
    ipv6CidrBlock: null,
    portRange: null,
    ...overrides,
  };
}

function probeRan(result: ReturnType<typeof probeOutput>, options: { vpcCidrs?: string[] } = {}): Facts {
  return buildFacts({
    request: { vpcId: 'vpc-1', probe: true },
    ...CALLER,
    restApi: privateApi(),
    vpcs: fetchedOk([
      {
        id: 'vpc-1',
        cidrBlocks: options.vpcCidrs ?? ['10.0.0.0/16'],
        ipv6CidrBlocks: [],
        dhcpOptionsId: null,
      },
    ]),
    probe: {
      state: 'ran',
      vpcId: 'vpc-1',
      functionName: 'apigw-diagnose-probe-vpc-1',
      ms: 300,
      result,
      endpointAddresses: ['10.0.1.10', '10.0.2.10'],
    },
  });
}

const SIGNER_ONLY = {
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:role/caller` },
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
};

const DENIED = fetchedFailed<never>('access-denied', {
  action: 'ec2:DescribeVpcEndpoints',
  operation: 'DescribeVpcEndpoints',
  message: 'not authorized',
});

/** Facts under which the checks report each code: one row per catalogue entry, or this file does not compile. */
/** The caller VPC with one DNS Firewall rule group whose only rule has `action` on every name (`*`). */
function firewallFacts(action: 'BLOCK' | 'ALERT'): Facts {
  return buildFacts({
    ...CALLER,
    restApi: privateApi(),
    dnsFirewall: {
      associations: fetchedOk({
        associations: [
          {
            id: 'rslvr-frgassoc-1',
            name: 'egress',
            vpcId: 'vpc-1',
            ruleGroupId: 'rslvr-frg-1',
            priority: 101,
            status: 'COMPLETE',
            managedOwnerName: null,
          },
        ],
        truncated: false,
      }),
      ruleGroups: [
        {
          ruleGroupId: 'rslvr-frg-1',
          rules: fetchedOk({
            rules: [
              {
                ruleGroupId: 'rslvr-frg-1',
                name: 'everything',
                priority: 100,
                action,
                domainListId: 'rslvr-fdl-1',
                blockResponse: action === 'BLOCK' ? 'NXDOMAIN' : null,
                blockOverrideDomain: null,
                redirectionAction: null,
                qtype: null,
              },
            ],
            truncated: false,
          }),
        },
      ],
      domainLists: fetchedOk({ lists: [], truncated: false }),
      domains: [{ domainListId: 'rslvr-fdl-1', domains: fetchedOk({ domains: ['*'], truncated: false }) }],
    },
  });
}

export const PRODUCERS: Record<FindingCode, () => Facts> = {
  API_NOT_FOUND: () =>
    buildFacts({
      restApi: fetchedFailed('not-found', {
        action: 'apigateway:GET',
        operation: 'GetRestApi',
        message: 'x',
      }),
    }),
  STAGE_NOT_FOUND: () => buildFacts({ request: { stage: 'beta' }, stages: fetchedOk([stage()]) }),
  NO_DEPLOYED_STAGE: () => buildFacts({ stages: fetchedOk([]) }),
  DOMAIN_NOT_FOUND: () => domainFacts({ domains: fetchedOk([]), domain: null, mappings: null }),
  DOMAIN_STATUS_NOT_AVAILABLE: () =>
    domainFacts({}, { status: 'FAILED', statusMessage: 'certificate expired' }),
  API_STATUS_FAILED: () =>
    buildFacts({ restApi: privateApi({ apiStatus: 'FAILED', apiStatusMessage: 'x' }) }),
  API_STATUS_UPDATING: () => buildFacts({ restApi: privateApi({ apiStatus: 'UPDATING' }) }),
  API_NOT_PRIVATE: () => buildFacts({ restApi: fetchedOk(restApiInfo({ endpointTypes: ['REGIONAL'] })) }),
  PUBLIC_API_SHADOWED_BY_PRIVATE_DNS: () =>
    buildFacts({ ...CALLER, restApi: fetchedOk(restApiInfo({ endpointTypes: ['REGIONAL'] })) }),
  POLICY_MISSING: () => buildFacts({ ...CALLER, restApi: privateApi({ policy: null }) }),
  ENDPOINT_IN_OTHER_VPC: () =>
    buildFacts({
      restApi: privateApi({ vpcEndpointIds: ['vpce-0hub'] }),
      callerVpcs: [callerVpc([], { vpcId: 'vpc-spoke' })],
      endpoints: fetchedOk([endpoint({ id: 'vpce-0hub', vpcId: 'vpc-hub' })]),
    }),
  VPCE_MISSING: () => buildFacts({ ...seenFrom([callerVpc([])]), restApi: privateApi() }),
  VPCE_WRONG_REGION: () =>
    buildFacts({
      ...seenFrom([callerVpc([endpoint({ serviceName: 'com.amazonaws.us-west-2.execute-api' })])]),
      restApi: privateApi(),
    }),
  VPCE_NOT_AVAILABLE: () =>
    buildFacts({
      ...seenFrom([callerVpc([endpoint({ state: 'pendingAcceptance' })])]),
      restApi: privateApi(),
    }),
  VPC_DNS_ATTRIBUTES_DISABLED: () =>
    buildFacts({
      ...seenFrom([
        callerVpc([endpoint()], { enableDnsSupport: fetchedOk(true), enableDnsHostnames: fetchedOk(false) }),
      ]),
      restApi: privateApi(),
    }),
  VPC_CUSTOM_DNS_SERVERS: () =>
    buildFacts({
      ...CALLER,
      restApi: privateApi(),
      vpcs: fetchedOk([
        { id: 'vpc-1', cidrBlocks: ['10.0.0.0/16'], ipv6CidrBlocks: [], dhcpOptionsId: 'dopt-1' },
      ]),
      dhcpOptions: fetchedOk([{ id: 'dopt-1', domainNameServers: ['10.9.9.9'] }]),
    }),
  DNS_RESOLVER_RULE_FORWARDS: () =>
    buildFacts({
      ...CALLER,
      restApi: privateApi(),
      dnsLayers: [
        {
          vpcId: 'vpc-1',
          resolverRules: fetchedOk({
            rules: [
              {
                id: 'rslvr-rr-1',
                name: 'onprem',
                domainName: `execute-api.${REGION}.amazonaws.com`,
                ruleType: 'FORWARD',
                targetIps: ['10.9.0.2'],
                ownerId: ACCOUNT_ID,
                shareStatus: 'NOT_SHARED',
              },
            ],
            associationCount: 1,
            unreadRuleIds: [],
            truncated: false,
          }),
          hostedZones: fetchedOk({ zones: [], truncated: false }),
          zoneRecords: [],
        },
      ],
    }),
  DNS_FIREWALL_BLOCKS: () => firewallFacts('BLOCK'),
  DNS_FIREWALL_ALERTS: () => firewallFacts('ALERT'),
  DNS_PRIVATE_ZONE_SHADOWS: () =>
    buildFacts({
      ...seenFrom([callerVpc([endpoint({ privateDnsEnabled: false })])]),
      restApi: privateApi(),
      dnsLayers: [
        {
          vpcId: 'vpc-1',
          resolverRules: fetchedOk({ rules: [], associationCount: 0, unreadRuleIds: [], truncated: false }),
          hostedZones: fetchedOk({
            zones: [{ id: 'Z1', name: 'amazonaws.com', owningAccount: ACCOUNT_ID, owningService: null }],
            truncated: false,
          }),
          zoneRecords: [
            {
              zoneId: 'Z1',
              name: `${API}.execute-api.${REGION}.amazonaws.com`,
              records: fetchedOk({ exact: [], wildcard: [], truncated: false }),
            },
          ],
        },
      ],
    }),
  DNS_CUSTOM_DOMAIN_NOT_ANSWERED: () => ({
    ...domainFacts({}),
    request: { ...domainFacts({}).request, url: `https://${DOMAIN_NAME}/orders` },
    dnsLayers: [
      {
        vpcId: 'vpc-1',
        resolverRules: fetchedOk({ rules: [], associationCount: 0, unreadRuleIds: [], truncated: false }),
        hostedZones: fetchedOk({ zones: [], truncated: false }),
        zoneRecords: [],
      },
    ],
  }),
  // Private DNS off and no zone: the model says the front door, the probe gets the endpoint's address.
  DNS_LIVE_ANSWER_DIFFERS: () => ({
    ...probeRan(
      probeOutput({ dns: [dnsStep({ name: PRIVATE_NAME, role: 'private-dns', addresses: ['10.0.1.10'] })] }),
    ),
    ...seenFrom([callerVpc([endpoint({ privateDnsEnabled: false })])]),
    dnsLayers: [
      {
        vpcId: 'vpc-1',
        resolverRules: fetchedOk({ rules: [], associationCount: 0, unreadRuleIds: [], truncated: false }),
        hostedZones: fetchedOk({ zones: [], truncated: false }),
        zoneRecords: [],
      },
    ],
  }),
  PRIVATE_DNS_DISABLED: () =>
    buildFacts({ ...seenFrom([callerVpc([endpoint({ privateDnsEnabled: false })])]), restApi: privateApi() }),
  VPCE_NOT_ASSOCIATED: () =>
    buildFacts({
      ...CALLER,
      urlForm: 'vpce-alias',
      request: { vpceId: 'vpce-0aaa' },
      restApi: privateApi({ vpcEndpointIds: [] }),
    }),
  VPCE_HOSTNAME_NEEDS_HEADER: () => buildFacts({ urlForm: 'vpce-hostname' }),
  SG_ENDPOINT_NO_INGRESS_443: () =>
    buildFacts({
      ...CALLER,
      restApi: privateApi(),
      vpcs: VPC_1,
      securityGroups: fetchedOk([endpointGroupAllowing(80)]),
    }),
  SG_CLIENT_NO_EGRESS_443: () =>
    buildFacts({
      ...CALLER,
      request: { callerSecurityGroupIds: ['sg-client'] },
      restApi: privateApi(),
      vpcs: VPC_1,
      securityGroups: fetchedOk([
        endpointGroupAllowing(443),
        { id: 'sg-client', name: 'client', vpcId: 'vpc-1', ingress: [], egress: [] },
      ]),
    }),
  NACL_BLOCKS_443: () =>
    buildFacts({
      ...CALLER,
      restApi: privateApi(),
      vpcs: VPC_1,
      networkAcls: fetchedOk([
        {
          id: 'acl-1',
          vpcId: 'vpc-1',
          isDefault: false,
          subnetIds: ['subnet-a', 'subnet-b'],
          entries: [
            aclRule({ ruleNumber: 50, protocol: '6', action: 'deny', portRange: { from: 443, to: 443 } }),
            aclRule({}),
            aclRule({ egress: true }),
          ],
        },
      ]),
    }),
  SECURITY_POLICY_TLS13_ONLY: () =>
    buildFacts({ restApi: privateApi({ securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09' }) }),
  ENDPOINT_ACCESS_MODE_STRICT_SNI: () =>
    buildFacts({ urlForm: 'vpce-alias', restApi: privateApi({ endpointAccessMode: 'STRICT' }) }),
  DEFAULT_ENDPOINT_DISABLED: () => buildFacts({ restApi: privateApi({ disableExecuteApiEndpoint: true }) }),
  DOMAIN_ACCESS_ASSOCIATION_MISSING: () => domainFacts({ accessAssociations: fetchedOk([]) }),
  DOMAIN_ACCESS_ASSOCIATION_NOT_READY: () =>
    domainFacts({
      associationCreations: fetchedOk({
        startMs: NOW_MS - 15 * 60_000,
        endMs: NOW_MS,
        truncated: false,
        creations: [
          {
            eventId: 'ev-1',
            eventTime: new Date(NOW_MS - 3 * 60_000).toISOString(),
            actorArn: null,
            domainNameArn: privateDomain().domainNameArn,
            source: 'vpce-0aaa',
          },
        ],
      }),
    }),
  DOMAIN_POLICY_DENIES_VPCE: () =>
    domainFacts(
      {},
      {
        policy: policy({
          ...ALLOW_CALLER,
          Resource: 'execute-api:/domainnames/*',
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0other' } },
        }),
      },
    ),
  DOMAIN_NO_ROUTING_RULE_MATCHES: () =>
    domainFacts(
      { routingRules: fetchedOk([routingRule({ basePaths: ['invoices'] })]) },
      { routingMode: 'ROUTING_RULE_ONLY' },
    ),
  DOMAIN_ROUTING_RULE_OTHER_TARGET: () =>
    domainFacts(
      {
        routingRules: fetchedOk([
          routingRule({ target: { apiId: 'z9y8x7w6v5', stage: 'prod', stripBasePath: true } }),
        ]),
      },
      { routingMode: 'ROUTING_RULE_ONLY' },
    ),
  DOMAIN_PATH_NOT_MAPPED: () => domainFacts({ mappings: fetchedOk([]) }),
  DOMAIN_MAPPING_MISMATCH: () =>
    domainFacts({ mappings: fetchedOk([{ basePath: 'orders', restApiId: 'z9y8x7w6v5', stage: 'prod' }]) }),
  VPCE_POLICY_DENIES: () =>
    buildFacts({
      ...seenFrom([
        callerVpc([
          endpoint({
            policyDocument: policy({
              ...ALLOW_CALLER,
              Resource: 'arn:aws:execute-api:us-east-1:*:otherapi1/*',
              Condition: undefined,
            }),
          }),
        ]),
      ]),
      restApi: privateApi(),
    }),
  ROUTE_NOT_FOUND: () =>
    buildFacts({
      request: { url: `https://${PRIVATE_NAME}/prod/pets` },
      stage: stage(),
      apiResources: fetchedOk({
        resources: [{ id: 'r1', path: '/', methods: [{ httpMethod: 'GET', authorizationType: 'NONE' }] }],
        truncated: false,
      }),
    }),
  ROUTE_NOT_DEPLOYED: () =>
    buildFacts({
      request: { url: `https://${PRIVATE_NAME}/prod/pets` },
      stage: stage(),
      apiResources: fetchedOk({
        resources: [{ id: 'r1', path: '/pets', methods: [{ httpMethod: 'GET', authorizationType: 'NONE' }] }],
        truncated: false,
      }),
      deployment: fetchedOk({
        id: 'dep123',
        createdDate: '2026-05-01T00:00:00.000Z',
        description: null,
        apiSummary: { '/': { GET: { authorizationType: 'NONE', apiKeyRequired: false } } },
      }),
    }),
  POLICY_DENIES_VPCE: () =>
    buildFacts({
      ...CALLER,
      restApi: privateApi({
        policy: policy({ ...ALLOW_CALLER, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0other' } } }),
      }),
    }),
  POLICY_PRINCIPAL_NEEDS_IAM_AUTH: () => signerOnlyPolicy('NONE'),
  POLICY_NOT_DEPLOYED: () => deploymentFacts('/policy'),
  DEFAULT_ENDPOINT_CHANGE_NOT_DEPLOYED: () => deploymentFacts('/disableExecuteApiEndpoint'),
  LOG_ANONYMOUS_NOT_AUTHORIZED: () =>
    logFacts('User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:…'),
  LOG_EXPLICIT_DENY: () => logFacts('User: anonymous is not authorized … with an explicit deny'),
  LOG_VPCE_POLICY_DENY: () =>
    logFacts('… because no VPC endpoint policy allows the execute-api:Invoke action'),
  PROBE_DNS_PUBLIC: () =>
    probeRan(
      probeOutput({
        dns: [dnsStep({ name: PRIVATE_NAME, role: 'private-dns', addresses: ['3.5.1.1'] })],
      }),
    ),
  PROBE_DNS_FAILED: () =>
    probeRan(
      probeOutput({
        dns: [dnsStep({ name: PRIVATE_NAME, role: 'private-dns', addresses: [], errorCode: 'ENOTFOUND' })],
      }),
    ),
  PROBE_DNS_MISMATCH: () =>
    probeRan(
      probeOutput({
        dns: [
          dnsStep({ name: PRIVATE_NAME, role: 'private-dns', addresses: ['10.0.9.9'] }),
          dnsStep({
            name: 'vpce-0aaa-x.execute-api.us-east-1.vpce.amazonaws.com',
            role: 'endpoint',
            vpceId: 'vpce-0aaa',
            addresses: ['10.0.1.10'],
          }),
        ],
      }),
    ),
  PROBE_TCP_TIMEOUT: () =>
    probeRan(probeOutput({ tcp: [tcpStep('10.0.1.10', { ok: false, errorCode: 'ETIMEDOUT' })] })),
  PROBE_HTTP_FORBIDDEN: () => probeRan(probeOutput({ http: [httpStep({ ...FORBIDDEN })] })),
  PROBE_REQUEST_NOT_IN_LOGS: () => probeRequestFacts(false),
  NO_REQUESTS_REACHED_API: () => logFacts(),
  EXECUTION_LOGGING_DISABLED: () => buildFacts({ stage: stage({ loggingLevel: 'OFF' }) }),
  CLOUDWATCH_ROLE_MISSING: () =>
    buildFacts({
      stages: fetchedOk([stage()]),
      stage: stage(),
      account: fetchedOk({ cloudwatchRoleArn: null }),
    }),
  CUSTOM_VPCE_POLICY_AUTH_HEADER: () =>
    buildFacts({
      ...seenFrom([
        callerVpc([endpoint({ policyDocument: policy({ ...ALLOW_CALLER, Condition: undefined }) })]),
      ]),
      restApi: privateApi(),
    }),
  POLICY_DEPENDS_ON_SIGNER: () => signerOnlyPolicy('AWS_IAM'),
  POLICY_USES_SOURCE_IP: () =>
    buildFacts({
      ...CALLER,
      restApi: privateApi({
        policy: policy(ALLOW_CALLER, {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        }),
      }),
    }),
  POLICY_OVERLY_PERMISSIVE: () =>
    buildFacts({
      ...CALLER,
      restApi: privateApi({ policy: policy({ ...ALLOW_CALLER, Condition: undefined }) }),
    }),
  VPCE_SINGLE_AZ: () =>
    buildFacts({ ...seenFrom([callerVpc([endpoint({ subnetIds: ['subnet-a'] })])]), restApi: privateApi() }),
  DOMAIN_ROUTING_RULES_NOT_READ: () => domainFacts({}, { routingMode: 'ROUTING_RULE_ONLY' }),
  PROBE_NOT_CONFIGURED: () =>
    buildFacts({
      request: { vpcId: 'vpc-1', probe: true },
      probe: { state: 'not-configured', vpcId: 'vpc-1' },
    }),
  PROBE_HTTP_OK: () => probeRan(probeOutput()),
  PROBE_REQUEST_IN_LOGS: () => probeRequestFacts(true),
  PROBE_REQUEST_LOGS_OFF: () => ({
    ...probeRequestFacts(false),
    stage: stage({ loggingLevel: 'OFF' }),
    probeRequestLogs: null,
  }),
  AWS_PERMISSION_MISSING: () => buildFacts({ ...CALLER, restApi: privateApi(), endpoints: DENIED }),
  VPCE_NOT_VISIBLE: () =>
    buildFacts({
      restApi: privateApi({ vpcEndpointIds: ['vpce-0consumer'] }),
      endpoints: fetchedOk([]),
      unknownEndpointRefs: [{ vpceId: 'vpce-0consumer', source: 'endpoint-configuration' }],
    }),
  ACCOUNT_NOT_READABLE: () =>
    buildFacts({
      restApi: privateApi(),
      accounts: {
        ...ONE_ACCOUNT,
        multiAccount: true,
        producer: ACCOUNT_ID,
        producerFoundBy: 'search',
        searched: [ACCOUNT_ID, '222222222222'],
        unreadable: [
          {
            accountId: '222222222222',
            roleArn: 'arn:aws:iam::222222222222:role/apigw-diagnose-read',
            error: {
              kind: 'access-denied',
              action: 'sts:AssumeRole',
              operation: 'AssumeRole',
              message: 'denied',
            },
          },
        ],
      },
    }),
};

/** A policy that lets in one IAM role only, on an API whose root GET has `authorizationType`. */
function signerOnlyPolicy(authorizationType: string): Facts {
  return buildFacts({
    ...CALLER,
    restApi: privateApi({ policy: policy(SIGNER_ONLY) }),
    apiResources: fetchedOk({
      resources: [{ id: 'r1', path: '/', methods: [{ httpMethod: 'GET', authorizationType }] }],
      truncated: false,
    }),
  });
}

function probeRequestFacts(found: boolean): Facts {
  const requestId = 'req-403';
  const ran = probeRan(probeOutput({ http: [httpStep({ ...FORBIDDEN, requestId })] }));
  return {
    ...ran,
    stages: fetchedOk([stage()]),
    stage: stage(),
    probeRequestLogs: fetchedOk({
      requestIds: [requestId],
      searches: [
        {
          logGroupName: `API-Gateway-Execution-Logs_${API}/prod`,
          kind: 'execution',
          exists: true,
          events: found
            ? [
                {
                  timestamp: NOW_MS,
                  message: `(${requestId}) User: anonymous is not authorized`,
                  logStreamName: 's',
                },
              ]
            : [],
        },
      ],
      attempts: 1,
      waitedMs: 0,
      notSearched: [],
    }),
  };
}
