import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SdkApiGatewayReader } from '../../src/aws/api-gateway-reader.js';
import { SdkApiGatewayV2Reader } from '../../src/aws/api-gateway-v2-reader.js';
import { AwsCallError } from '../../src/diagnosis/facts.js';

const APIGW_URL = 'https://apigateway.us-east-1.amazonaws.com';
const JSON_HEADERS = { 'content-type': 'application/json' };

function reader(): SdkApiGatewayReader {
  return new SdkApiGatewayReader(
    new APIGatewayClient({ region: 'us-east-1', maxAttempts: 1 }),
    new SdkApiGatewayV2Reader(new ApiGatewayV2Client({ region: 'us-east-1', maxAttempts: 1 })),
  );
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
});

describe('SdkApiGatewayReader.getRestApi', () => {
  it('returns the endpoint configuration and the policy string exactly as AWS escaped it', async () => {
    // Prepare: AWS returns the policy with escaped quotes and slashes inside the JSON string.
    const escapedPolicy =
      '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",' +
      '\\"Action\\":\\"execute-api:Invoke\\",\\"Resource\\":\\"arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5\\/*\\"}]}';
    const scope = nock(APIGW_URL)
      .get('/restapis/a1b2c3d4e5')
      .reply(
        200,
        {
          id: 'a1b2c3d4e5',
          name: 'orders',
          createdDate: 1_700_000_000,
          endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0a1b2c3d4e5f67890'] },
          policy: escapedPolicy,
        },
        JSON_HEADERS,
      );

    // Act
    const api = await reader().getRestApi('a1b2c3d4e5');

    // Assess
    scope.done();
    expect(api).toEqual({
      id: 'a1b2c3d4e5',
      name: 'orders',
      endpointTypes: ['PRIVATE'],
      vpcEndpointIds: ['vpce-0a1b2c3d4e5f67890'],
      policy: escapedPolicy,
      createdDate: '2023-11-14T22:13:20.000Z',
      disableExecuteApiEndpoint: false,
      securityPolicy: null,
      endpointAccessMode: null,
      apiStatus: null,
      apiStatusMessage: null,
    });
  });

  it('reads the default-endpoint switch, the TLS security policy, the access mode and the API status', async () => {
    // Prepare: the 2025 fields as GetRestApi returns them.
    const scope = nock(APIGW_URL)
      .get('/restapis/a1b2c3d4e5')
      .reply(
        200,
        {
          id: 'a1b2c3d4e5',
          name: 'orders',
          endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [] },
          disableExecuteApiEndpoint: true,
          securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09',
          endpointAccessMode: 'STRICT',
          apiStatus: 'UPDATING',
          apiStatusMessage: 'Updating security policy',
        },
        JSON_HEADERS,
      );

    // Act
    const api = await reader().getRestApi('a1b2c3d4e5');

    // Assess
    scope.done();
    expect(api).toMatchObject({
      disableExecuteApiEndpoint: true,
      securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09',
      endpointAccessMode: 'STRICT',
      apiStatus: 'UPDATING',
      apiStatusMessage: 'Updating security policy',
    });
  });

  it('throws not-found when API Gateway answers NotFoundException', async () => {
    // Prepare
    const scope = nock(APIGW_URL)
      .get('/restapis/zzzzzzzzzz')
      .reply(
        404,
        { message: 'Invalid API identifier specified 123456789012:zzzzzzzzzz' },
        {
          ...JSON_HEADERS,
          'x-amzn-errortype':
            'NotFoundException:http://internal.amazon.com/coral/com.amazonaws.backplane.controlplane/',
        },
      );

    // Act
    const error = await reader()
      .getRestApi('zzzzzzzzzz')
      .catch((e: unknown) => e);

    // Assess
    scope.done();
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({
      kind: 'not-found',
      operation: 'GetRestApi',
      action: 'apigateway:GET',
      message: 'Invalid API identifier specified 123456789012:zzzzzzzzzz',
    });
    expect((error as AwsCallError).cause).toMatchObject({ name: 'NotFoundException' });
  });

  it('throws access-denied naming apigateway:GET when the role may not read the API', async () => {
    // Prepare
    const scope = nock(APIGW_URL)
      .get('/restapis/a1b2c3d4e5')
      .reply(
        403,
        {
          message:
            'User: arn:aws:sts::123456789012:assumed-role/bot/s is not authorized to perform: apigateway:GET on resource: arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5',
        },
        { ...JSON_HEADERS, 'x-amzn-errortype': 'AccessDeniedException' },
      );

    // Act
    const error = await reader()
      .getRestApi('a1b2c3d4e5')
      .catch((e: unknown) => e);

    // Assess
    scope.done();
    expect(error).toMatchObject({ kind: 'access-denied', action: 'apigateway:GET', operation: 'GetRestApi' });
  });
});

describe('SdkApiGatewayReader.getStages', () => {
  it('reads logging, data trace and metrics from the */* method setting and OFF when it is absent', async () => {
    // Prepare
    const scope = nock(APIGW_URL)
      .get('/restapis/a1b2c3d4e5/stages')
      .reply(
        200,
        {
          item: [
            {
              stageName: 'prod',
              deploymentId: 'dep123',
              lastUpdatedDate: 1_700_000_000,
              methodSettings: {
                '*/*': { loggingLevel: 'INFO', dataTraceEnabled: false, metricsEnabled: true },
                'pets/GET': { loggingLevel: 'ERROR' },
              },
            },
            {
              stageName: 'dev',
              deploymentId: 'dep456',
              methodSettings: { 'pets/GET': { loggingLevel: 'INFO' } },
              accessLogSettings: {
                destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:api-access',
                format: '$context.requestId $context.status',
              },
            },
          ],
        },
        JSON_HEADERS,
      );

    // Act
    const stages = await reader().getStages('a1b2c3d4e5');

    // Assess
    scope.done();
    expect(stages).toEqual([
      {
        stageName: 'prod',
        deploymentId: 'dep123',
        loggingLevel: 'INFO',
        dataTraceEnabled: false,
        metricsEnabled: true,
        lastUpdatedDate: '2023-11-14T22:13:20.000Z',
        accessLogDestinationArn: null,
      },
      {
        stageName: 'dev',
        deploymentId: 'dep456',
        loggingLevel: 'OFF',
        dataTraceEnabled: false,
        metricsEnabled: false,
        lastUpdatedDate: null,
        accessLogDestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:api-access',
      },
    ]);
  });
});

describe('SdkApiGatewayReader.getAccount', () => {
  it('gives a null role ARN when the account has no CloudWatch role', async () => {
    // Prepare
    const scope = nock(APIGW_URL)
      .get('/account')
      .reply(200, { throttleSettings: { rateLimit: 10 } }, JSON_HEADERS);

    // Act
    const account = await reader().getAccount();

    // Assess
    scope.done();
    expect(account).toEqual({ cloudwatchRoleArn: null });
  });
});

describe('SdkApiGatewayReader.getDeployment', () => {
  it("returns the deployment's id, creation time and the routes it froze (GET …/deployments/{id}?embed=apisummary)", async () => {
    // Prepare: the wire shape of GetDeployment with the API summary: path → method → MethodSnapshot.
    const scope = nock(APIGW_URL)
      .get('/restapis/a1b2c3d4e5/deployments/dep123')
      .query({ embed: 'apisummary' })
      .reply(
        200,
        {
          id: 'dep123',
          createdDate: 1_700_000_000,
          description: 'release 42',
          apiSummary: {
            '/pets': {
              GET: { authorizationType: 'NONE', apiKeyRequired: false },
              POST: { authorizationType: 'AWS_IAM', apiKeyRequired: true },
            },
            '/pets/{id}': { GET: { authorizationType: 'NONE', apiKeyRequired: false } },
          },
        },
        JSON_HEADERS,
      );

    // Act
    const deployment = await reader().getDeployment('a1b2c3d4e5', 'dep123');

    // Assess
    scope.done();
    expect(deployment).toEqual({
      id: 'dep123',
      createdDate: '2023-11-14T22:13:20.000Z',
      description: 'release 42',
      apiSummary: {
        '/pets': {
          GET: { authorizationType: 'NONE', apiKeyRequired: false },
          POST: { authorizationType: 'AWS_IAM', apiKeyRequired: true },
        },
        '/pets/{id}': { GET: { authorizationType: 'NONE', apiKeyRequired: false } },
      },
    });
  });

  it('gives a null summary when AWS returns none (an emulator that ignores embed)', async () => {
    // Prepare
    const scope = nock(APIGW_URL)
      .get('/restapis/a1b2c3d4e5/deployments/dep123')
      .query({ embed: 'apisummary' })
      .reply(200, { id: 'dep123', createdDate: 1_700_000_000 }, JSON_HEADERS);

    // Act
    const deployment = await reader().getDeployment('a1b2c3d4e5', 'dep123');

    // Assess
    scope.done();
    expect(deployment.apiSummary).toBeNull();
  });

  it('throws not-found naming GetDeployment when the deployment is gone', async () => {
    // Prepare
    const scope = nock(APIGW_URL)
      .get('/restapis/a1b2c3d4e5/deployments/gone')
      .query({ embed: 'apisummary' })
      .reply(
        404,
        { message: 'Invalid Deployment identifier specified' },
        {
          ...JSON_HEADERS,
          'x-amzn-errortype': 'NotFoundException',
        },
      );

    // Act
    const error = await reader()
      .getDeployment('a1b2c3d4e5', 'gone')
      .catch((e: unknown) => e);

    // Assess
    scope.done();
    expect(error).toMatchObject({ kind: 'not-found', action: 'apigateway:GET', operation: 'GetDeployment' });
  });
});

describe('SdkApiGatewayReader.getResources', () => {
  it('reads one page of 500 resources with their methods embedded (GET …/resources?embed=methods&limit=500)', async () => {
    // Prepare: the REST-JSON wire shape: the list is under "item", each method under resourceMethods.
    const scope = nock(APIGW_URL)
      .get('/restapis/a1b2c3d4e5/resources')
      .query({ embed: 'methods', limit: '500' })
      .reply(
        200,
        {
          item: [
            { id: 'root1', path: '/' },
            {
              id: 'res1',
              parentId: 'root1',
              pathPart: 'pets',
              path: '/pets',
              resourceMethods: {
                GET: { httpMethod: 'GET', authorizationType: 'AWS_IAM', apiKeyRequired: false },
                OPTIONS: { httpMethod: 'OPTIONS', authorizationType: 'NONE' },
              },
            },
            {
              id: 'res2',
              parentId: 'res1',
              pathPart: '{proxy+}',
              path: '/pets/{proxy+}',
              resourceMethods: {
                ANY: { httpMethod: 'ANY', authorizationType: 'CUSTOM', authorizerId: 'az1' },
              },
            },
          ],
        },
        JSON_HEADERS,
      );

    // Act
    const resources = await reader().getResources('a1b2c3d4e5');

    // Assess
    scope.done();
    expect(resources).toEqual({
      truncated: false,
      resources: [
        { id: 'root1', path: '/', methods: [] },
        {
          id: 'res1',
          path: '/pets',
          methods: [
            { httpMethod: 'GET', authorizationType: 'AWS_IAM' },
            { httpMethod: 'OPTIONS', authorizationType: 'NONE' },
          ],
        },
        { id: 'res2', path: '/pets/{proxy+}', methods: [{ httpMethod: 'ANY', authorizationType: 'CUSTOM' }] },
      ],
    });
  });

  it('says the page is truncated when AWS returns a position, and asks for no second page', async () => {
    const scope = nock(APIGW_URL)
      .get('/restapis/a1b2c3d4e5/resources')
      .query({ embed: 'methods', limit: '500' })
      .reply(200, { item: [{ id: 'root1', path: '/' }], position: 'eyJpZCI6InJlczUwMCJ9' }, JSON_HEADERS);

    const resources = await reader().getResources('a1b2c3d4e5');

    scope.done();
    expect(resources.truncated).toBe(true);
  });

  it('throws throttled on TooManyRequestsException (GetResources allows 5 requests per 2 s)', async () => {
    const scope = nock(APIGW_URL)
      .get('/restapis/a1b2c3d4e5/resources')
      .query(true)
      .reply(
        429,
        { message: 'Too Many Requests' },
        { ...JSON_HEADERS, 'x-amzn-errortype': 'TooManyRequestsException' },
      );

    const error = await reader()
      .getResources('a1b2c3d4e5')
      .catch((e: unknown) => e);

    scope.done();
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({ kind: 'throttled', operation: 'GetResources', action: 'apigateway:GET' });
  });
});

describe('SdkApiGatewayReader: private custom domain names', () => {
  const NAME = 'api.example.internal';
  const ID = 'abcd1234';
  const ARN = `arn:aws:apigateway:us-east-1:123456789012:/domainnames/${NAME}+${ID}`;
  const DOMAIN = {
    domainName: NAME,
    domainNameId: ID,
    domainNameArn: ARN,
    endpointConfiguration: { types: ['PRIVATE'] },
    domainNameStatus: 'AVAILABLE',
    securityPolicy: 'TLS_1_2',
    policy: '{"Version":"2012-10-17","Statement":[]}',
    managementPolicy: '{"Version":"2012-10-17","Statement":[]}',
    routingMode: 'BASE_PATH_MAPPING_ONLY',
  };

  it('lists the account own domains (resourceOwner=SELF) across pages', async () => {
    // Prepare
    const scope = nock(APIGW_URL)
      .get('/domainnames')
      .query({ resourceOwner: 'SELF', limit: '500' })
      .reply(200, { item: [DOMAIN], position: 'p2' }, JSON_HEADERS)
      .get('/domainnames')
      .query({ resourceOwner: 'SELF', limit: '500', position: 'p2' })
      .reply(200, {
        item: [{ domainName: 'public.example.com', endpointConfiguration: { types: ['REGIONAL'] } }],
      });

    // Act
    const domains = await reader().getDomainNames();

    // Assess
    scope.done();
    expect(domains.map((d) => [d.domainName, d.domainNameId, d.endpointTypes])).toEqual([
      [NAME, ID, ['PRIVATE']],
      ['public.example.com', null, ['REGIONAL']],
    ]);
  });

  it('reads one private domain with its domainNameId, policy, managementPolicy and routing mode', async () => {
    // Prepare
    const scope = nock(APIGW_URL)
      .get(`/domainnames/${NAME}`)
      .query({ domainNameId: ID })
      .reply(200, { ...DOMAIN, endpointAccessMode: 'STRICT', domainNameStatus: 'UPDATING' }, JSON_HEADERS);

    // Act
    const domain = await reader().getDomainName(NAME, ID);

    // Assess
    scope.done();
    expect(domain).toEqual({
      domainName: NAME,
      domainNameId: ID,
      domainNameArn: ARN,
      endpointTypes: ['PRIVATE'],
      status: 'UPDATING',
      statusMessage: null,
      securityPolicy: 'TLS_1_2',
      endpointAccessMode: 'STRICT',
      policy: DOMAIN.policy,
      managementPolicy: DOMAIN.managementPolicy,
      routingMode: 'BASE_PATH_MAPPING_ONLY',
    });
  });

  it('reads the base path mappings of a private domain with its domainNameId', async () => {
    // Prepare
    const scope = nock(APIGW_URL)
      .get(`/domainnames/${NAME}/basepathmappings`)
      .query({ domainNameId: ID, limit: '500' })
      .reply(
        200,
        {
          item: [
            { basePath: 'orders', restApiId: 'a1b2c3d4e5', stage: 'prod' },
            { basePath: '(none)', restApiId: 'z9y8x7w6v5', stage: 'live' },
          ],
        },
        JSON_HEADERS,
      );

    // Act
    const mappings = await reader().getBasePathMappings(NAME, ID);

    // Assess
    scope.done();
    expect(mappings).toEqual([
      { basePath: 'orders', restApiId: 'a1b2c3d4e5', stage: 'prod' },
      { basePath: '(none)', restApiId: 'z9y8x7w6v5', stage: 'live' },
    ]);
  });

  it('reads the routing rules of a private domain (API Gateway v2) with its domainNameId, every page', async () => {
    // Prepare: the v2 wire shape (camelCase JSON), a header rule and a catch-all on two pages.
    const scope = nock(APIGW_URL)
      .get(`/v2/domainnames/${NAME}/routingrules`)
      .query({ domainNameId: ID })
      .reply(
        200,
        {
          routingRules: [
            {
              routingRuleId: 'aaa111',
              routingRuleArn: `${ARN}/routingrules/aaa111`,
              priority: 50,
              conditions: [
                { matchBasePaths: { anyOf: ['orders', 'orders/v2'] } },
                { matchHeaders: { anyOf: [{ header: 'x-version', valueGlob: 'beta*' }] } },
              ],
              actions: [{ invokeApi: { apiId: 'a1b2c3d4e5', stage: 'prod', stripBasePath: true } }],
            },
          ],
          nextToken: 't2',
        },
        JSON_HEADERS,
      )
      .get(`/v2/domainnames/${NAME}/routingrules`)
      .query({ domainNameId: ID, nextToken: 't2' })
      .reply(
        200,
        {
          routingRules: [
            {
              routingRuleId: 'bbb222',
              priority: 100,
              conditions: [],
              actions: [{ invokeApi: { apiId: 'z9y8x7w6v5', stage: 'live' } }],
            },
          ],
        },
        JSON_HEADERS,
      );

    // Act
    const rules = await reader().getRoutingRules(NAME, ID);

    // Assess
    scope.done();
    expect(rules).toEqual([
      {
        routingRuleId: 'aaa111',
        priority: 50,
        basePaths: ['orders', 'orders/v2'],
        headers: [{ header: 'x-version', valueGlob: 'beta*' }],
        target: { apiId: 'a1b2c3d4e5', stage: 'prod', stripBasePath: true },
      },
      {
        routingRuleId: 'bbb222',
        priority: 100,
        basePaths: null,
        headers: [],
        target: { apiId: 'z9y8x7w6v5', stage: 'live', stripBasePath: false },
      },
    ]);
  });

  it('names ListRoutingRules and its own IAM action when the routing rules may not be read', async () => {
    // Prepare
    const scope = nock(APIGW_URL)
      .get(`/v2/domainnames/${NAME}/routingrules`)
      .query({ domainNameId: ID })
      .reply(
        403,
        { message: 'User is not authorized to perform: apigateway:ListRoutingRules' },
        { ...JSON_HEADERS, 'x-amzn-errortype': 'AccessDeniedException' },
      );

    // Act
    const error = await reader()
      .getRoutingRules(NAME, ID)
      .catch((e: unknown) => e);

    // Assess
    scope.done();
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({
      kind: 'access-denied',
      operation: 'ListRoutingRules',
      action: 'apigateway:ListRoutingRules',
    });
  });

  it("lists the account's own access associations and those other accounts made to its domains", async () => {
    // Prepare: a consumer in another account creates its association in its own account; the producer sees it
    // only with resourceOwner=OTHER_ACCOUNTS.
    const consumerAssociation = {
      domainNameAccessAssociationArn: `arn:aws:apigateway:us-east-1:222222222222:/domainnameaccessassociations/domainname/${NAME}+${ID}/vpcesource/vpce-0ccc1234def567890`,
      domainNameArn: ARN,
      accessAssociationSourceType: 'VPCE',
      accessAssociationSource: 'vpce-0ccc1234def567890',
    };
    const scope = nock(APIGW_URL)
      .get('/domainnameaccessassociations')
      .query({ resourceOwner: 'OTHER_ACCOUNTS', limit: '500' })
      .reply(200, { item: [consumerAssociation] }, JSON_HEADERS)
      .get('/domainnameaccessassociations')
      .query({ resourceOwner: 'SELF', limit: '500' })
      .reply(
        200,
        {
          item: [
            {
              domainNameAccessAssociationArn: `arn:aws:apigateway:us-east-1:123456789012:/domainnameaccessassociations/domainname/${NAME}+${ID}/vpcesource/vpce-0abc1234def567890`,
              domainNameArn: ARN,
              accessAssociationSourceType: 'VPCE',
              accessAssociationSource: 'vpce-0abc1234def567890',
            },
          ],
        },
        JSON_HEADERS,
      );

    // Act
    const associations = await reader().getDomainNameAccessAssociations();

    // Assess
    scope.done();
    expect(associations).toEqual([
      {
        arn: expect.stringContaining('/vpcesource/vpce-0abc1234def567890'),
        domainNameArn: ARN,
        sourceType: 'VPCE',
        source: 'vpce-0abc1234def567890',
      },
      {
        arn: consumerAssociation.domainNameAccessAssociationArn,
        domainNameArn: ARN,
        sourceType: 'VPCE',
        source: 'vpce-0ccc1234def567890',
      },
    ]);
  });

  it('names apigateway:GET and the operation when the role may not list domains', async () => {
    // Prepare
    const scope = nock(APIGW_URL)
      .get('/domainnames')
      .query(true)
      .reply(
        403,
        { message: 'User is not authorized to access this resource' },
        { ...JSON_HEADERS, 'x-amzn-errortype': 'AccessDeniedException' },
      );

    // Act
    const error = await reader()
      .getDomainNames()
      .catch((e: unknown) => e);

    // Assess
    scope.done();
    expect(error).toMatchObject({
      kind: 'access-denied',
      action: 'apigateway:GET',
      operation: 'GetDomainNames',
    });
  });
});
