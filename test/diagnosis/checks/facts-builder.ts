// One builder for the `Facts` the check tests feed the pure checks. Every default is "not gathered" (null, [],
// probe disabled) except a private REST API that was read, so each test states only the facts its check reads.

import { SINGLE_ACCOUNT_FACTS } from '../../../src/diagnosis/account-routing.js';
import type {
  AccountsFacts,
  AwsFailureKind,
  CallerVpc,
  CustomDomainFacts,
  DomainNameInfo,
  Facts,
  Fetched,
  RestApiInfo,
  RoutingRuleInfo,
  StageInfo,
  VpcEndpointInfo,
} from '../../../src/diagnosis/facts.js';
import type { DiagnosisRequest } from '../../../src/diagnosis/types.js';

export const API_ID = 'a1b2c3d4e5';
export const REGION = 'us-east-1';
export const ACCOUNT_ID = '123456789012';
/** The diagnosis time of every built Facts: 2026-06-01T00:00:00Z. */
export const NOW_MS = Date.parse('2026-06-01T00:00:00Z');

export function fetchedOk<T>(value: T, ms = 1): Fetched<T> {
  return { ok: true, value, ms };
}

export function fetchedFailed<T>(
  kind: AwsFailureKind,
  call: { action: string; operation: string; message: string },
  ms = 1,
): Fetched<T> {
  return { ok: false, error: { kind, ...call }, ms };
}

export function restApiInfo(overrides: Partial<RestApiInfo> = {}): RestApiInfo {
  return {
    id: API_ID,
    name: 'orders',
    endpointTypes: ['PRIVATE'],
    vpcEndpointIds: [],
    policy: null,
    createdDate: null,
    disableExecuteApiEndpoint: false,
    securityPolicy: null,
    endpointAccessMode: null,
    apiStatus: null,
    apiStatusMessage: null,
    ...overrides,
  };
}

export const DOMAIN_NAME = 'api.example.internal';
export const DOMAIN_ID = 'abcd1234';
export const DOMAIN_ARN = `arn:aws:apigateway:${REGION}:${ACCOUNT_ID}:/domainnames/${DOMAIN_NAME}+${DOMAIN_ID}`;

/** An AVAILABLE private custom domain of this account, mapped by base path, with no policy unless given. */
/** A private custom domain's execute-api policy that lets in calls through this endpoint. */
export function domainPolicyAllowing(vpceId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/domainnames/*',
        Condition: { StringEquals: { 'aws:SourceVpce': vpceId } },
      },
    ],
  });
}

export function privateDomain(overrides: Partial<DomainNameInfo> = {}): DomainNameInfo {
  return {
    domainName: DOMAIN_NAME,
    domainNameId: DOMAIN_ID,
    domainNameArn: DOMAIN_ARN,
    endpointTypes: ['PRIVATE'],
    status: 'AVAILABLE',
    statusMessage: null,
    securityPolicy: 'TLS_1_2',
    endpointAccessMode: null,
    policy: null,
    managementPolicy: null,
    routingMode: 'BASE_PATH_MAPPING_ONLY',
    ...overrides,
  };
}

/**
 * A healthy private custom domain seen from the caller's endpoint (vpce-0aaa): its policy allows that endpoint, it
 * is associated with it and maps `orders` to a1b2c3d4e5/prod — with these changes to the domain and what was read.
 */
export function associatedDomainFacts(
  domainOverrides: Partial<DomainNameInfo> = {},
  custom: Partial<CustomDomainFacts> = {},
): Facts {
  const caller = 'vpce-0aaa';
  const domain = privateDomain({ policy: domainPolicyAllowing(caller), ...domainOverrides });
  return buildFacts({
    urlForm: 'custom-domain',
    stage: stage(),
    ...seenFrom([callerVpc([endpoint()])]),
    customDomain: {
      name: domain.domainName,
      basePath: 'orders',
      domains: fetchedOk([domain]),
      domain: fetchedOk(domain),
      accessAssociations: fetchedOk([
        {
          arn: `${DOMAIN_ARN}/vpcesource/${caller}`,
          domainNameArn: DOMAIN_ARN,
          sourceType: 'VPCE',
          source: caller,
        },
      ]),
      mappings: fetchedOk([{ basePath: 'orders', restApiId: 'a1b2c3d4e5', stage: 'prod' }]),
      routingRules: null,
      associationCreations: null,
      ...custom,
    },
  });
}

/** A routing rule invoking a1b2c3d4e5/prod for base path `orders`, with no header condition. */
export function routingRule(overrides: Partial<RoutingRuleInfo> = {}): RoutingRuleInfo {
  return {
    routingRuleId: 'rr1',
    priority: 100,
    basePaths: ['orders'],
    headers: [],
    target: { apiId: 'a1b2c3d4e5', stage: 'prod', stripBasePath: true },
    ...overrides,
  };
}

export function stage(overrides: Partial<StageInfo> = {}): StageInfo {
  return {
    stageName: 'prod',
    deploymentId: 'dep123',
    loggingLevel: 'INFO',
    dataTraceEnabled: false,
    metricsEnabled: false,
    lastUpdatedDate: null,
    accessLogDestinationArn: null,
    ...overrides,
  };
}

/** An available execute-api interface endpoint in `vpc-1` of the API's region. */
export function endpoint(overrides: Partial<VpcEndpointInfo> = {}): VpcEndpointInfo {
  return {
    id: 'vpce-0aaa',
    vpcId: 'vpc-1',
    serviceName: `com.amazonaws.${REGION}.execute-api`,
    type: 'Interface',
    state: 'available',
    privateDnsEnabled: true,
    ownerId: null,
    subnetIds: ['subnet-a', 'subnet-b'],
    securityGroupIds: ['sg-vpce'],
    networkInterfaceIds: [],
    policyDocument: null,
    dnsNames: [],
    ...overrides,
  };
}

/** A caller VPC named by --vpc whose DNS attributes were not read (unless overridden). */
export function callerVpc(endpoints: VpcEndpointInfo[], overrides: Partial<CallerVpc> = {}): CallerVpc {
  return {
    vpcId: 'vpc-1',
    sources: ['vpc-flag'],
    endpoints,
    enableDnsSupport: null,
    enableDnsHostnames: null,
    ...overrides,
  };
}

/** The caller VPCs, with DescribeVpcEndpoints having returned exactly their endpoints. */
export function seenFrom(callerVpcs: CallerVpc[]): Pick<Facts, 'callerVpcs' | 'endpoints'> {
  return { callerVpcs, endpoints: fetchedOk(callerVpcs.flatMap((vpc) => vpc.endpoints)) };
}

export interface FactsOverrides extends Partial<Omit<Facts, 'request'>> {
  /** Merged into the default request; its urlForm follows the facts' urlForm unless given here. */
  request?: Partial<DiagnosisRequest>;
}

/** A request for the API in us-east-1 at stage prod, over the private DNS name, with nothing else named. */
export function diagnosisRequest(overrides: Partial<DiagnosisRequest> = {}): DiagnosisRequest {
  return {
    apiId: API_ID,
    region: REGION,
    stage: 'prod',
    urlForm: 'private-dns',
    url: null,
    vpcId: null,
    vpceId: null,
    customDomain: null,
    callerSecurityGroupIds: [],
    sinceMs: 900_000,
    probe: false,
    ...overrides,
  };
}

/** What a diagnosis that reads only the tool's own account says about accounts. */
export const ONE_ACCOUNT: AccountsFacts = SINGLE_ACCOUNT_FACTS;

export function buildFacts(overrides: FactsOverrides = {}): Facts {
  const { request, ...facts } = overrides;
  const urlForm = facts.urlForm ?? 'private-dns';
  return {
    request: diagnosisRequest({ urlForm, ...request }),
    accounts: ONE_ACCOUNT,
    region: REGION,
    accountId: ACCOUNT_ID,
    callerIdentity: fetchedOk({ accountId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:role/bot` }),
    nowMs: NOW_MS,
    urlForm,
    restApi: fetchedOk(restApiInfo()),
    apiResources: null,
    stages: null,
    stage: null,
    account: null,
    endpoints: null,
    callerVpcs: [],
    unknownEndpointRefs: [],
    unknownVpcRefs: [],
    vpcs: null,
    dhcpOptions: null,
    securityGroups: null,
    endpointInterfaces: null,
    networkAcls: null,
    logs: null,
    deployment: null,
    restApiUpdates: null,
    customDomain: null,
    probe: { state: 'disabled' },
    dnsLayers: [],
    dnsFirewall: null,
    probeRequestLogs: null,
    ...facts,
  };
}
