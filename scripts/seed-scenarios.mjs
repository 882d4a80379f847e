// Seeds moto_server with private-API configurations whose diagnosis is known: one healthy, the rest each
// broken (or degraded) by a single clear cause. Shared by the integration suite (test/integration) and
// `npm run demo`; plain ESM so the demo needs no build. Types: seed-scenarios.d.mts.
//
// Everything is written through the AWS SDK v3 clients, as a user's tooling would, and stays within what
// moto 5.2 emulates faithfully (see ../shared/docs/toolchain.md for its gaps). Two details make the seeds
// look like real AWS rather than like moto: the resource policy is stored in the escaped form GetRestApi
// returns on AWS, with the `execute-api:/*` short form expanded to the full ARN; and execution logs use
// API Gateway's own line format.

import { randomUUID } from 'node:crypto';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateAccountCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  AssociateDhcpOptionsCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateDhcpOptionsCommand,
  CreateNetworkAclEntryCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeNetworkAclsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import {
  AssociateResolverRuleCommand,
  CreateResolverRuleCommand,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

export const REGION = 'us-east-1';
/** moto's default account. */
export const ACCOUNT_ID = '123456789012';
export const STAGE = 'prod';
const CLOUDWATCH_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/apigateway-push-to-cloudwatch`;

const DUMMY_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/**
 * SDK clients pointed at the emulator with dummy credentials (moto's default account) or the given ones; one
 * attempt, so a moto gap fails fast.
 */
export function createSeedClients(endpoint, credentials = DUMMY_CREDENTIALS) {
  const config = { endpoint, region: REGION, credentials, maxAttempts: 1 };
  return {
    apiGateway: new APIGatewayClient(config),
    ec2: new EC2Client(config),
    logs: new CloudWatchLogsClient(config),
    route53: new Route53Client(config),
    route53Resolver: new Route53ResolverClient(config),
  };
}

// ---- Building blocks ------------------------------------------------------------------------------------

/**
 * A VPC with two subnets in two AZs and, unless `endpoint` is false, an execute-api interface endpoint in
 * both subnets behind its own security group. Defaults are the healthy configuration.
 */
async function createNetwork(clients, options = {}) {
  const {
    octet = 0,
    dnsSupport = true,
    dnsHostnames = true,
    endpoint = true,
    privateDns = true,
    ingressPort = 443,
    serviceName = `com.amazonaws.${REGION}.execute-api`,
    endpointPolicy,
  } = options;
  const { ec2 } = clients;
  const cidr = `10.${octet}.0.0/16`;
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
  const vpcId = Vpc.VpcId;
  // AWS (and moto) create VPCs with DNS support on and DNS hostnames off; private DNS needs both on.
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: dnsSupport } }));
  await ec2.send(
    new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: dnsHostnames } }),
  );

  const subnetIds = [];
  for (const [index, zone] of ['a', 'b'].entries()) {
    const { Subnet } = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: `10.${octet}.${index + 1}.0/24`,
        AvailabilityZone: `${REGION}${zone}`,
      }),
    );
    subnetIds.push(Subnet.SubnetId);
  }
  if (!endpoint) return { vpcId, cidr, subnetIds, endpointSecurityGroupId: null, vpceId: null };

  const { GroupId } = await ec2.send(
    new CreateSecurityGroupCommand({
      VpcId: vpcId,
      GroupName: `execute-api-endpoint-${octet}`,
      Description: 'execute-api interface endpoint',
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: ingressPort, ToPort: ingressPort, IpRanges: [{ CidrIp: cidr }] },
      ],
    }),
  );
  const { VpcEndpoint } = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: vpcId,
      VpcEndpointType: 'Interface',
      ServiceName: serviceName,
      SubnetIds: subnetIds,
      SecurityGroupIds: [GroupId],
      PrivateDnsEnabled: privateDns,
      ...(endpointPolicy ? { PolicyDocument: JSON.stringify(endpointPolicy) } : {}),
    }),
  );
  return { vpcId, cidr, subnetIds, endpointSecurityGroupId: GroupId, vpceId: VpcEndpoint.VpcEndpointId };
}

/** Allow only callers from one VPC (aws:SourceVpc): names no endpoint, so no other VPC is wired to the API. */
function onlyFromVpcPolicy(vpcId) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*',
        Condition: { StringEquals: { 'aws:SourceVpc': vpcId } },
      },
    ],
  };
}

/** The resource policy AWS recommends for private APIs: allow, then deny every other endpoint. */
function onlyFromEndpointPolicy(apiId, allowedVpceId, accountId = ACCOUNT_ID) {
  const resource = `arn:aws:execute-api:${REGION}:${accountId}:${apiId}/*`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: resource },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: resource,
        Condition: { StringNotEquals: { 'aws:SourceVpce': allowedVpceId } },
      },
    ],
  };
}

/**
 * The policy people write for IAM-authorized private APIs: allow one named role, deny every other endpoint.
 * It works only when the method is AWS_IAM (the caller signs as that role); with NONE nobody gets in.
 */
function namedRolePolicy(apiId, allowedVpceId) {
  const [allow, deny] = onlyFromEndpointPolicy(apiId, allowedVpceId).Statement;
  const role = `arn:aws:iam::${ACCOUNT_ID}:role/orders-client`;
  return { Version: '2012-10-17', Statement: [{ ...allow, Principal: { AWS: role } }, deny] };
}

/** The recommended policy, but with its ARNs copied from another account's stack. */
function otherAccountPolicy(apiId, allowedVpceId) {
  const policy = onlyFromEndpointPolicy(apiId, allowedVpceId);
  const other = (resource) => resource.replace(`:${ACCOUNT_ID}:`, ':999999999999:');
  return {
    ...policy,
    Statement: policy.Statement.map((statement) => ({ ...statement, Resource: other(statement.Resource) })),
  };
}

/** GetRestApi on AWS returns the policy with quotes and slashes escaped; moto returns what it was given. */
function awsEscaped(policyDocument) {
  return JSON.stringify(policyDocument).replace(/"/g, '\\"').replace(/\//g, '\\/');
}

/**
 * A REST API with GET / (mock integration). `policyFor(apiId)` gives its resource policy (or null for
 * none); `stage` null leaves it undeployed; `loggingLevel` null leaves execution logging at its default (OFF);
 * `authorizationType` is the method's (NONE by default, AWS_IAM for SigV4-signed callers).
 */
async function createApi(clients, options) {
  const {
    endpointTypes = ['PRIVATE'],
    vpcEndpointIds = [],
    policyFor = null,
    stage = STAGE,
    authorizationType = 'NONE',
  } = options;
  const disableExecuteApiEndpoint = options.disableExecuteApiEndpoint ?? false;
  const loggingLevel = options.loggingLevel === undefined ? 'INFO' : options.loggingLevel;
  const { apiGateway } = clients;
  const isPrivate = endpointTypes.includes('PRIVATE');
  const api = await apiGateway.send(
    new CreateRestApiCommand({
      name: 'orders',
      endpointConfiguration: { types: endpointTypes, ...(isPrivate ? { vpcEndpointIds } : {}) },
      ...(disableExecuteApiEndpoint ? { disableExecuteApiEndpoint } : {}),
    }),
  );
  const apiId = api.id;
  const policy = policyFor ? policyFor(apiId) : null;
  if (policy) {
    // Set after creation, because the full ARN that AWS stores contains the API id.
    await apiGateway.send(
      new UpdateRestApiCommand({
        restApiId: apiId,
        patchOperations: [{ op: 'replace', path: '/policy', value: awsEscaped(policy) }],
      }),
    );
  }
  const { items } = await apiGateway.send(new GetResourcesCommand({ restApiId: apiId }));
  const rootId = items.find((resource) => resource.path === '/').id;
  await apiGateway.send(
    new PutMethodCommand({
      restApiId: apiId,
      resourceId: rootId,
      httpMethod: 'GET',
      authorizationType,
    }),
  );
  await apiGateway.send(
    new PutIntegrationCommand({
      restApiId: apiId,
      resourceId: rootId,
      httpMethod: 'GET',
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
    }),
  );
  if (stage === null) return apiId;
  await apiGateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: stage }));
  if (loggingLevel !== null) {
    await apiGateway.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: stage,
        patchOperations: [{ op: 'replace', path: '/*/*/logging/loglevel', value: loggingLevel }],
      }),
    );
  }
  return apiId;
}

async function setCloudWatchRole(clients) {
  await clients.apiGateway.send(
    new UpdateAccountCommand({
      patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: CLOUDWATCH_ROLE_ARN }],
    }),
  );
}

/**
 * Writes execution-log lines into `API-Gateway-Execution-Logs_{apiId}/{stage}`, stamped now: after the stage's
 * deployment, as the lines of a call that fails today are (lines older than the deployment count as history).
 */
async function writeExecutionLogs(clients, apiId, stage, messages) {
  const logGroupName = `API-Gateway-Execution-Logs_${apiId}/${stage}`;
  const logStreamName = randomUUID().replace(/-/g, '');
  await clients.logs.send(new CreateLogGroupCommand({ logGroupName }));
  await clients.logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName }));
  // Logging on and nothing logged: the group and a stream exist, with no event in them.
  if (messages.length === 0) return;
  const start = Date.now();
  await clients.logs.send(
    new PutLogEventsCommand({
      logGroupName,
      logStreamName,
      logEvents: messages.map((message, index) => ({ timestamp: start + index, message })),
    }),
  );
}

/** The lines API Gateway writes for a GET / that succeeded. */
function successfulRequestLines(apiId, stage) {
  const id = randomUUID();
  return [
    `(${id}) Extended Request Id: ${randomUUID().slice(0, 8)}FvTw=`,
    `(${id}) Verifying Usage Plan for request: ${id}. API Key:  API Stage: ${apiId}/${stage}`,
    `(${id}) Usage Plan check succeeded for API Key  and API Stage ${apiId}/${stage}`,
    `(${id}) Starting execution for request: ${id}`,
    `(${id}) HTTP Method: GET, Resource Path: /`,
    `(${id}) Method completed with status: 200`,
  ];
}

/** The lines API Gateway writes when the deployed resource policy does not allow the caller. */
function anonymousDeniedLines(apiId, stage) {
  const id = randomUUID();
  return [
    `(${id}) Extended Request Id: ${randomUUID().slice(0, 8)}GqXa=`,
    `(${id}) User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:${apiId}/${stage}/GET/`,
  ];
}

/**
 * The healthy world: a private API reachable from one VPC's endpoint, with logging configured and a recent
 * successful request in the logs. Each option breaks one thing.
 */
async function seedPrivateApi(clients, options = {}, apiFor = () => ({})) {
  const { network: networkOptions = {}, cloudWatchRole = true } = options;
  const network = await createNetwork(clients, networkOptions);
  // `apiFor(network)` adds API options that need the network (e.g. a policy naming its endpoint).
  const apiOptions = { ...(options.api ?? {}), ...apiFor(network) };
  const stage = apiOptions.stage === undefined ? STAGE : apiOptions.stage;
  const apiId = await createApi(clients, {
    vpcEndpointIds: network.vpceId ? [network.vpceId] : [],
    policyFor: (id) => onlyFromEndpointPolicy(id, network.vpceId),
    ...apiOptions,
  });
  if (cloudWatchRole) await setCloudWatchRole(clients);
  const loggingOn = apiOptions.loggingLevel !== null && stage !== null;
  if (loggingOn) {
    const lines = options.logLines ? options.logLines(apiId, stage) : successfulRequestLines(apiId, stage);
    await writeExecutionLogs(clients, apiId, stage, lines);
  }
  return { apiId, stage, network };
}

/**
 * Declares a scenario: `seedIt` builds the configuration and returns where it lives; the expectation is
 * static, so a test can name it before seeding.
 */
function scenario(name, summary, expected, seedIt) {
  const fullExpected = { findings: expected.primaryCause ? [expected.primaryCause] : [], ...expected };
  return {
    name,
    summary,
    expected: fullExpected,
    async seed(clients) {
      const seeded = await seedIt(clients);
      return {
        name,
        apiId: seeded.apiId,
        stage: seeded.stage,
        vpcId: seeded.vpcId ?? seeded.network.vpcId,
        vpceId: seeded.vpceId === undefined ? seeded.network.vpceId : seeded.vpceId,
        target: seeded.target ?? seeded.apiId,
        args: seeded.args ?? [],
        expected: fullExpected,
      };
    },
  };
}

const broken = (primaryCause) => ({ verdict: 'broken', primaryCause });

// ---- The scenarios ----------------------------------------------------------------------------------------

/** @type {import('./seed-scenarios.d.mts').Scenario[]} */
export const SCENARIOS = [
  scenario(
    'healthy',
    'the private API allows only its endpoint, which has private DNS in 2 AZs, and logging is on',
    { verdict: 'healthy', primaryCause: null },
    // No --vpc: the caller's VPC must be inferred from the API's endpoint configuration and policy.
    (clients) => seedPrivateApi(clients),
  ),
  scenario(
    'policy-missing',
    'the private API has no resource policy',
    broken('POLICY_MISSING'),
    async (clients) => {
      const seeded = await seedPrivateApi(clients, { api: { policyFor: null } });
      return { ...seeded, args: ['--vpc', seeded.network.vpcId] };
    },
  ),
  scenario(
    'policy-denies-vpce',
    "the policy's Deny StringNotEquals aws:SourceVpce names another VPC's endpoint",
    // Redeploying alone would ship the same saved policy: the remediation is the edit (with its redeploy).
    {
      ...broken('POLICY_DENIES_VPCE'),
      findingFields: { POLICY_DENIES_VPCE: { remediations: ['allow-endpoint-in-policy'] } },
    },
    async (clients) => {
      const other = await createNetwork(clients, { octet: 9 });
      const seeded = await seedPrivateApi(clients, {
        api: { policyFor: (id) => onlyFromEndpointPolicy(id, other.vpceId) },
      });
      return { ...seeded, args: ['--vpc', seeded.network.vpcId] };
    },
  ),
  scenario(
    'policy-names-other-account',
    "the policy's ARNs name account 999999999999, not the API's own account",
    broken('POLICY_DENIES_VPCE'),
    async (clients) => {
      const seeded = await seedPrivateApi(clients, {}, (network) => ({
        policyFor: (id) => otherAccountPolicy(id, network.vpceId),
      }));
      return { ...seeded, args: ['--vpc', seeded.network.vpcId] };
    },
  ),
  scenario(
    'iam-method-named-principal',
    'the method is AWS_IAM and the policy allows one named role: it depends on who signs, not a denial',
    {
      verdict: 'degraded',
      primaryCause: null,
      findings: ['POLICY_DEPENDS_ON_SIGNER'],
      absent: ['POLICY_DENIES_VPCE'],
    },
    async (clients) => {
      const seeded = await seedPrivateApi(clients, {}, (network) => ({
        authorizationType: 'AWS_IAM',
        policyFor: (id) => namedRolePolicy(id, network.vpceId),
      }));
      return { ...seeded, args: ['--vpc', seeded.network.vpcId] };
    },
  ),
  scenario(
    'none-method-principal-only',
    'the method is NONE (no authorization) and the policy allows only a named role',
    { ...broken('POLICY_PRINCIPAL_NEEDS_IAM_AUTH'), absent: ['POLICY_DEPENDS_ON_SIGNER'] },
    async (clients) => {
      const seeded = await seedPrivateApi(clients, {}, (network) => ({
        policyFor: (id) => namedRolePolicy(id, network.vpceId),
      }));
      return { ...seeded, args: ['--vpc', seeded.network.vpcId] };
    },
  ),
  scenario(
    'route-not-found',
    'the invoke URL asks for /prod/pets but the API has only GET /',
    broken('ROUTE_NOT_FOUND'),
    async (clients) => {
      const seeded = await seedPrivateApi(clients);
      return {
        ...seeded,
        target: `https://${seeded.apiId}.execute-api.${REGION}.amazonaws.com/${STAGE}/pets`,
        args: ['--vpc', seeded.network.vpcId],
      };
    },
  ),
  scenario(
    'vpce-missing',
    "the caller's VPC (--vpc) has no execute-api endpoint and the API is wired to no other VPC's",
    broken('VPCE_MISSING'),
    async (clients) => {
      const caller = await createNetwork(clients, { octet: 20, endpoint: false });
      const seeded = await seedPrivateApi(clients, {
        api: { vpcEndpointIds: [], policyFor: () => onlyFromVpcPolicy(caller.vpcId) },
      });
      return { ...seeded, vpcId: caller.vpcId, vpceId: null, args: ['--vpc', caller.vpcId] };
    },
  ),
  scenario(
    'endpoint-in-other-vpc',
    "the caller's VPC (--vpc) has no endpoint; the API's endpoint is in another VPC (peering/TGW caller)",
    broken('ENDPOINT_IN_OTHER_VPC'),
    async (clients) => {
      const seeded = await seedPrivateApi(clients);
      const caller = await createNetwork(clients, { octet: 20, endpoint: false });
      return { ...seeded, vpcId: caller.vpcId, vpceId: null, args: ['--vpc', caller.vpcId] };
    },
  ),
  scenario(
    'vpce-wrong-region',
    "the caller VPC's only execute-api endpoint serves us-west-2",
    broken('VPCE_WRONG_REGION'),
    async (clients) => {
      const seeded = await seedPrivateApi(clients, {
        network: { serviceName: 'com.amazonaws.us-west-2.execute-api' },
      });
      return { ...seeded, args: ['--vpc', seeded.network.vpcId] };
    },
  ),
  scenario(
    'vpc-dns-attributes-disabled',
    "enableDnsHostnames is off on the endpoint's VPC",
    broken('VPC_DNS_ATTRIBUTES_DISABLED'),
    (clients) => seedPrivateApi(clients, { network: { dnsHostnames: false } }),
  ),
  scenario(
    'private-dns-off-no-requests',
    'no URL is given, private DNS is off on the associated endpoint, and logging at INFO shows no request',
    // Alone, private DNS off is a warning here (callers may use the {api}-{vpce} alias); no request reaching
    // the API corroborates that they use the default hostname, which resolves publicly: the primary cause.
    {
      ...broken('PRIVATE_DNS_DISABLED'),
      findings: ['PRIVATE_DNS_DISABLED', 'NO_REQUESTS_REACHED_API'],
      findingFields: {
        PRIVATE_DNS_DISABLED: {
          severity: 'error',
          remediations: ['enable-private-dns'],
          evidence: { associatedWithApi: true, corroboratedBy: ['NO_REQUESTS_REACHED_API'] },
        },
      },
    },
    (clients) => seedPrivateApi(clients, { network: { privateDns: false }, logLines: () => [] }),
  ),
  scenario(
    'private-dns-disabled',
    'the caller uses the private-DNS URL but the endpoint has private DNS off',
    broken('PRIVATE_DNS_DISABLED'),
    async (clients) => {
      const seeded = await seedPrivateApi(clients, { network: { privateDns: false } });
      return { ...seeded, target: `https://${seeded.apiId}.execute-api.${REGION}.amazonaws.com/${STAGE}/` };
    },
  ),
  scenario(
    'sg-endpoint-no-ingress-443',
    "the endpoint's security group allows TCP 80, not 443, from the VPC",
    broken('SG_ENDPOINT_NO_INGRESS_443'),
    (clients) => seedPrivateApi(clients, { network: { ingressPort: 80 } }),
  ),
  scenario(
    'sg-client-no-egress-443',
    "the caller's security group (--sg) has no outbound rule",
    broken('SG_CLIENT_NO_EGRESS_443'),
    async (clients) => {
      const seeded = await seedPrivateApi(clients);
      const { GroupId } = await clients.ec2.send(
        new CreateSecurityGroupCommand({
          VpcId: seeded.network.vpcId,
          GroupName: 'orders-client',
          Description: 'caller',
        }),
      );
      await clients.ec2.send(
        new RevokeSecurityGroupEgressCommand({
          GroupId,
          IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        }),
      );
      return { ...seeded, args: ['--vpc', seeded.network.vpcId, '--sg', GroupId] };
    },
  ),
  scenario(
    'nacl-blocks-443',
    "the endpoint subnets' network ACL denies inbound TCP 443 before its allow-all rule",
    broken('NACL_BLOCKS_443'),
    async (clients) => {
      const seeded = await seedPrivateApi(clients);
      const { NetworkAcls } = await clients.ec2.send(
        new DescribeNetworkAclsCommand({
          Filters: [{ Name: 'association.subnet-id', Values: [seeded.network.subnetIds[0]] }],
        }),
      );
      await clients.ec2.send(
        new CreateNetworkAclEntryCommand({
          NetworkAclId: NetworkAcls[0].NetworkAclId,
          RuleNumber: 50,
          Protocol: '6',
          RuleAction: 'deny',
          Egress: false,
          CidrBlock: '0.0.0.0/0',
          PortRange: { From: 443, To: 443 },
        }),
      );
      return seeded;
    },
  ),
  scenario(
    'vpce-policy-denies',
    'the endpoint policy allows execute-api:Invoke only on another API',
    broken('VPCE_POLICY_DENIES'),
    (clients) =>
      seedPrivateApi(clients, {
        network: {
          endpointPolicy: {
            Statement: [
              {
                Effect: 'Allow',
                Principal: '*',
                Action: 'execute-api:Invoke',
                Resource: `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:zz9otherzz/*`,
              },
            ],
          },
        },
      }),
  ),
  scenario(
    'default-endpoint-disabled',
    'the API turned its default execute-api endpoint off and the caller uses the private-DNS URL',
    broken('DEFAULT_ENDPOINT_DISABLED'),
    async (clients) => {
      const seeded = await seedPrivateApi(clients, { api: { disableExecuteApiEndpoint: true } });
      const target = `https://${seeded.apiId}.execute-api.${REGION}.amazonaws.com/${seeded.stage}/`;
      return { ...seeded, target, args: ['--vpc', seeded.network.vpcId] };
    },
  ),
  scenario(
    'custom-domain-not-found',
    'the caller uses https://api.example.internal/orders, but the account has no private custom domain of that name',
    broken('DOMAIN_NOT_FOUND'),
    async (clients) => {
      const seeded = await seedPrivateApi(clients);
      const target = 'https://api.example.internal/orders';
      return { ...seeded, target, args: ['--api-id', seeded.apiId, '--vpc', seeded.network.vpcId] };
    },
  ),
  scenario(
    'stage-not-found',
    'the caller asks for stage beta and only prod exists',
    broken('STAGE_NOT_FOUND'),
    async (clients) => ({ ...(await seedPrivateApi(clients)), args: ['--stage', 'beta'] }),
  ),
  scenario('no-deployed-stage', 'the API was never deployed', broken('NO_DEPLOYED_STAGE'), (clients) =>
    seedPrivateApi(clients, { api: { stage: null } }),
  ),
  scenario('api-not-found', 'no API has this id in the region', broken('API_NOT_FOUND'), async (clients) => {
    const seeded = await seedPrivateApi(clients);
    // Well-formed, but not the id moto issued (its ids are random, so a collision is practically impossible).
    const missingId = 'a1b2c3d4e5';
    return { ...seeded, apiId: missingId, target: missingId };
  }),
  scenario(
    'log-anonymous-not-authorized',
    'the policy allows the endpoint but the execution logs show anonymous-not-authorized denials',
    // The deployed policy denies what the saved one allows: redeploying changes the outcome, so it is offered.
    {
      ...broken('LOG_ANONYMOUS_NOT_AUTHORIZED'),
      findingFields: { LOG_ANONYMOUS_NOT_AUTHORIZED: { remediations: ['redeploy-stage'] } },
    },
    (clients) =>
      seedPrivateApi(clients, {
        logLines: (apiId, stage) => [
          ...anonymousDeniedLines(apiId, stage),
          ...anonymousDeniedLines(apiId, stage),
        ],
      }),
  ),
  scenario(
    'public-api-shadowed-by-private-dns',
    'a REGIONAL API is called from a VPC whose execute-api endpoint has private DNS on',
    broken('PUBLIC_API_SHADOWED_BY_PRIVATE_DNS'),
    async (clients) => {
      const seeded = await seedPrivateApi(clients, { api: { endpointTypes: ['REGIONAL'], policyFor: null } });
      return { ...seeded, args: ['--vpc', seeded.network.vpcId] };
    },
  ),
  scenario(
    'vpc-custom-dns-servers',
    "the caller VPC's DHCP option set hands out a custom DNS server (10.9.9.9) instead of AmazonProvidedDNS",
    // Whether 10.9.9.9 forwards execute-api to the VPC resolver is invisible without the probe: a warning.
    { verdict: 'degraded', primaryCause: null, findings: ['VPC_CUSTOM_DNS_SERVERS'] },
    async (clients) => {
      const seeded = await seedPrivateApi(clients);
      const { DhcpOptions } = await clients.ec2.send(
        new CreateDhcpOptionsCommand({
          DhcpConfigurations: [{ Key: 'domain-name-servers', Values: ['10.9.9.9'] }],
        }),
      );
      await clients.ec2.send(
        new AssociateDhcpOptionsCommand({
          DhcpOptionsId: DhcpOptions.DhcpOptionsId,
          VpcId: seeded.network.vpcId,
        }),
      );
      return seeded;
    },
  ),
  scenario(
    'resolver-rule-forwards',
    'a Route 53 Resolver FORWARD rule for execute-api.us-east-1.amazonaws.com is associated with the caller VPC',
    broken('DNS_RESOLVER_RULE_FORWARDS'),
    async (clients) => {
      const seeded = await seedPrivateApi(clients);
      const { ResolverRule } = await clients.route53Resolver.send(
        new CreateResolverRuleCommand({
          CreatorRequestId: randomUUID(),
          Name: 'onprem-execute-api',
          RuleType: 'FORWARD',
          DomainName: `execute-api.${REGION}.amazonaws.com`,
          TargetIps: [{ Ip: '10.9.0.2', Port: 53 }],
        }),
      );
      await clients.route53Resolver.send(
        new AssociateResolverRuleCommand({ ResolverRuleId: ResolverRule.Id, VPCId: seeded.network.vpcId }),
      );
      return { ...seeded, args: ['--vpc', seeded.network.vpcId] };
    },
  ),
  scenario(
    'private-zone-shadows',
    'a private hosted zone for every execute-api name of the region, with no record for this API, is in the caller VPC',
    // The zone answers NXDOMAIN for the API's name; while it is associated, private DNS cannot be turned on either.
    broken('DNS_PRIVATE_ZONE_SHADOWS'),
    async (clients) => {
      const seeded = await seedPrivateApi(clients, { network: { privateDns: false } });
      await clients.route53.send(
        new CreateHostedZoneCommand({
          Name: `execute-api.${REGION}.amazonaws.com`,
          CallerReference: randomUUID(),
          VPC: { VPCId: seeded.network.vpcId, VPCRegion: REGION },
          HostedZoneConfig: {
            PrivateZone: true,
            Comment: 'meant for a shared endpoint; no record for this API',
          },
        }),
      );
      const name = `${seeded.apiId}.execute-api.${REGION}.amazonaws.com`;
      return { ...seeded, target: `https://${name}/${STAGE}/`, args: ['--vpc', seeded.network.vpcId] };
    },
  ),
  scenario(
    'private-dns-off-own-zone',
    "private DNS is off, and the caller VPC's own private hosted zone aliases the API's name to the endpoint",
    // The private API guide's alternative to private DNS: a working set-up, so no PRIVATE_DNS_DISABLED.
    { verdict: 'healthy', primaryCause: null, absent: ['PRIVATE_DNS_DISABLED', 'DNS_PRIVATE_ZONE_SHADOWS'] },
    async (clients) => {
      const seeded = await seedPrivateApi(clients, { network: { privateDns: false } });
      const name = `${seeded.apiId}.execute-api.${REGION}.amazonaws.com`;
      await aliasInOwnZone(
        clients,
        seeded.network,
        name,
        await endpointDnsName(clients, seeded.network.vpceId),
      );
      return { ...seeded, target: `https://${name}/${STAGE}/`, args: ['--vpc', seeded.network.vpcId] };
    },
  ),
  scenario(
    'own-zone-points-elsewhere',
    "a private hosted zone for the API's name in the caller VPC points it elsewhere: the most specific zone wins over private DNS",
    { ...broken('DNS_PRIVATE_ZONE_SHADOWS'), absent: ['PRIVATE_DNS_DISABLED'] },
    async (clients) => {
      const seeded = await seedPrivateApi(clients);
      const name = `${seeded.apiId}.execute-api.${REGION}.amazonaws.com`;
      await aliasInOwnZone(clients, seeded.network, name, 'old-gateway.example.com');
      return { ...seeded, target: `https://${name}/${STAGE}/`, args: ['--vpc', seeded.network.vpcId] };
    },
  ),
  scenario(
    'execution-logging-disabled',
    'everything is reachable but execution logging is OFF',
    { verdict: 'degraded', primaryCause: null, findings: ['EXECUTION_LOGGING_DISABLED'] },
    (clients) => seedPrivateApi(clients, { api: { loggingLevel: null } }),
  ),
];

/** The endpoint's regional DNS name, as EC2 lists it first. */
async function endpointDnsName(clients, vpceId) {
  const { VpcEndpoints } = await clients.ec2.send(
    new DescribeVpcEndpointsCommand({ VpcEndpointIds: [vpceId] }),
  );
  const name = VpcEndpoints?.[0]?.DnsEntries?.find((entry) => !entry.DnsName.startsWith('*'))?.DnsName;
  if (!name) throw new Error(`seed: ${vpceId} lists no DNS name`);
  return name;
}

/** A private hosted zone for `name` in the caller's VPC, whose record for it points at `target` (CNAME). */
async function aliasInOwnZone(clients, network, name, target) {
  const { HostedZone } = await clients.route53.send(
    new CreateHostedZoneCommand({
      Name: name,
      CallerReference: randomUUID(),
      VPC: { VPCId: network.vpcId, VPCRegion: REGION },
      HostedZoneConfig: { PrivateZone: true, Comment: "the API's name, answered in this VPC" },
    }),
  );
  await clients.route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: HostedZone.Id,
      ChangeBatch: {
        Changes: [
          {
            Action: 'CREATE',
            ResourceRecordSet: { Name: name, Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: target }] },
          },
        ],
      },
    }),
  );
}

export function scenarioNamed(name) {
  const found = SCENARIOS.find((candidate) => candidate.name === name);
  if (!found)
    throw new Error(`unknown scenario '${name}' (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  return found;
}

/** Seeds one scenario into the emulator at `endpoint` (reset it first) and says what the diagnosis must find. */
export async function seedScenario(name, endpoint) {
  const clients = createSeedClients(endpoint);
  try {
    return await scenarioNamed(name).seed(clients);
  } finally {
    for (const client of Object.values(clients)) client.destroy();
  }
}

// ---- Several accounts -------------------------------------------------------------------------------------
// The enterprise set-up: the API in a producer account, the caller's VPC and endpoint in a consumer account, the
// tool in its own (moto's default account). Each side is seeded through a role assumed in its account, as the
// tool reads it (moto returns credentials for the role's account; the role need not exist).

export const PRODUCER_ACCOUNT = '111111111111';
export const CONSUMER_ACCOUNT = '222222222222';
/** The role the tool assumes in each account (APIGW_DIAGNOSE_ROLE). */
export const READ_ROLE = 'apigw-diagnose-read';

/** Seed clients acting in `accountId`, through AssumeRole. */
export async function createAccountClients(endpoint, accountId) {
  const sts = new STSClient({ endpoint, region: REGION, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 });
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/seed`, RoleSessionName: 'seed' }),
  );
  sts.destroy();
  return createSeedClients(endpoint, {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken,
  });
}

/**
 * A private API in the producer account consumed from a VPC of the consumer account. Options break one side:
 * `network` (the consumer's endpoint and security group), `allowVpce` (the endpoint the producer's policy lets
 * in; default the consumer's), `logsNameEndpoint` (the producer's execution logs carry the consumer endpoint's
 * id, as request headers do with full request logging).
 */
export async function seedCrossAccount(endpoint, options = {}) {
  const producer = await createAccountClients(endpoint, PRODUCER_ACCOUNT);
  const consumer = await createAccountClients(endpoint, CONSUMER_ACCOUNT);
  try {
    const network = await createNetwork(consumer, { octet: 20, ...(options.network ?? {}) });
    const allowed = options.allowVpce ?? network.vpceId;
    const apiId = await createApi(producer, {
      policyFor: (id) => onlyFromEndpointPolicy(id, allowed, PRODUCER_ACCOUNT),
    });
    await setCloudWatchRole(producer);
    const lines = successfulRequestLines(apiId, STAGE);
    if (options.logsNameEndpoint) {
      lines.splice(
        1,
        0,
        `(${lines[0].slice(1, 37)}) Method request headers: {x-amzn-vpce-id=${network.vpceId}}`,
      );
    }
    await writeExecutionLogs(producer, apiId, STAGE, lines);
    return {
      apiId,
      stage: STAGE,
      vpcId: network.vpcId,
      vpceId: network.vpceId,
      url: `https://${apiId}.execute-api.${REGION}.amazonaws.com/${STAGE}/`,
    };
  } finally {
    for (const client of [...Object.values(producer), ...Object.values(consumer)]) client.destroy();
  }
}
