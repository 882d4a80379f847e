// The remediation gateway at the wire (nock): the paths moto_server cannot show — API Gateway's CloudWatch-role
// error, ModifyVpcEndpoint PrivateDnsEnabled, AccessDenied, throttling, the assumed remediation role.

import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRemediator } from '../../src/aws/remediation-gateway.js';
import { riskText } from '../../src/remediation/risks.js';
import type { Actor, FixTarget } from '../../src/remediation/types.js';

const APIGW = 'https://apigateway.us-east-1.amazonaws.com';
const EC2 = 'https://ec2.us-east-1.amazonaws.com';
const STS = 'https://sts.us-east-1.amazonaws.com';

const target: FixTarget = { apiId: 'a1b2c3d4e5', region: 'us-east-1', stage: 'prod', vpceId: 'vpce-0aaa' };
const actor: Actor = { userId: 'U012ABCDEF', userName: 'dana' };
/** One attempt per call: a refused or throttled answer is final, so each test scripts every request. */
const ONE_ATTEMPT = { maxAttempts: 1 };

beforeAll(() => {
  delete process.env.AWS_ENDPOINT_URL;
  delete process.env.REMEDIATION_ROLE_ARN;
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
});

type Form = Record<string, string>;
/** EC2 and STS are form-encoded query protocols: match a request by its Action and parameters. */
const form = (expected: Form) => (body: Form) =>
  Object.entries(expected).every(([key, value]) => body[key] === value);

const ec2Xml = (operation: string, inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><${operation}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">` +
  `<requestId>body-${operation}</requestId>${inner}</${operation}Response>`;

function endpointXml(id: string, options: { privateDns: boolean; vpcId?: string }): string {
  return (
    `<item><vpcEndpointId>${id}</vpcEndpointId><vpcEndpointType>Interface</vpcEndpointType>` +
    `<vpcId>${options.vpcId ?? 'vpc-1'}</vpcId><serviceName>com.amazonaws.us-east-1.execute-api</serviceName>` +
    `<state>available</state><privateDnsEnabled>${options.privateDns}</privateDnsEnabled></item>`
  );
}

/** The target endpoint (private DNS off) and the VPC's DNS attributes. */
function ec2Prechecks(attributes: { enableDnsSupport: boolean; enableDnsHostnames: boolean }) {
  const scope = nock(EC2)
    .post('/', form({ Action: 'DescribeVpcEndpoints', 'VpcEndpointId.1': 'vpce-0aaa' }))
    .reply(
      200,
      ec2Xml(
        'DescribeVpcEndpoints',
        `<vpcEndpointSet>${endpointXml('vpce-0aaa', { privateDns: false })}</vpcEndpointSet>`,
      ),
    );
  for (const [attribute, value] of Object.entries(attributes)) {
    scope
      .post('/', form({ Action: 'DescribeVpcAttribute', VpcId: 'vpc-1', Attribute: attribute }))
      .reply(
        200,
        ec2Xml(
          'DescribeVpcAttribute',
          `<vpcId>vpc-1</vpcId><${attribute}><value>${value}</value></${attribute}>`,
        ),
      );
  }
  return scope;
}

function apiGatewayReads(options: { cloudwatchRoleArn?: string } = {}) {
  return nock(APIGW)
    .get('/account')
    .reply(200, { cloudwatchRoleArn: options.cloudwatchRoleArn })
    .get('/restapis/a1b2c3d4e5/stages/prod')
    .reply(200, { stageName: 'prod', deploymentId: 'olddep', methodSettings: {} });
}

describe('enable-logging at the wire', () => {
  it('sends the INFO and metrics patch and returns the request id of UpdateStage', async () => {
    // Prepare
    const reads = apiGatewayReads({ cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/logs' });
    const write = nock(APIGW)
      .patch('/restapis/a1b2c3d4e5/stages/prod', {
        patchOperations: [
          { op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' },
          { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
        ],
      })
      .reply(200, { stageName: 'prod' }, { 'x-amzn-requestid': 'req-update-1' });
    // Act
    const result = await createRemediator('us-east-1', { aws: ONE_ATTEMPT }).apply(
      'enable-logging',
      target,
      actor,
    );
    // Assess
    expect(result).toMatchObject({ outcome: 'applied', requestId: 'req-update-1' });
    reads.done();
    write.done();
  });

  it('returns aws-error in plain words when API Gateway says the CloudWatch Logs role ARN must be set', async () => {
    const reads = apiGatewayReads({ cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/deleted' });
    const write = nock(APIGW)
      .patch('/restapis/a1b2c3d4e5/stages/prod')
      .reply(
        400,
        { message: 'CloudWatch Logs role ARN must be set in account settings to enable logging' },
        { 'x-amzn-errortype': 'BadRequestException', 'x-amzn-requestid': 'req-bad-1' },
      );

    const result = await createRemediator('us-east-1', { aws: ONE_ATTEMPT }).apply(
      'enable-logging',
      target,
      actor,
    );

    expect(result).toMatchObject({ outcome: 'aws-error', requestId: 'req-bad-1' });
    const message = result.outcome === 'aws-error' ? result.message : '';
    expect(message).toMatch(
      /^API Gateway refused to turn on logging: the account has no CloudWatch Logs role/,
    );
    expect(message).toContain('CloudWatch Logs role ARN must be set in account settings to enable logging');
    expect(message).toContain('update-account --region us-east-1');
    reads.done();
    write.done();
  });

  it('returns aws-error naming the missing IAM action when UpdateStage is denied', async () => {
    const denial =
      'User: arn:aws:sts::123456789012:assumed-role/bot/x is not authorized to perform: apigateway:PATCH';
    const reads = apiGatewayReads({ cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/logs' });
    const write = nock(APIGW)
      .patch('/restapis/a1b2c3d4e5/stages/prod')
      .reply(
        403,
        { message: denial },
        { 'x-amzn-errortype': 'AccessDeniedException', 'x-amzn-requestid': 'req-denied-1' },
      );

    const result = await createRemediator('us-east-1', { aws: ONE_ATTEMPT }).apply(
      'enable-logging',
      target,
      actor,
    );

    expect(result).toMatchObject({ outcome: 'aws-error', requestId: 'req-denied-1' });
    const message = result.outcome === 'aws-error' ? result.message : '';
    expect(message).toMatch(
      /^AWS refused UpdateStage: the bot's credentials are not allowed apigateway:PATCH/,
    );
    expect(message).toContain('nothing was changed');
    reads.done();
    write.done();
  });
});

describe('enable-private-dns at the wire', () => {
  it('sends ModifyVpcEndpoint with PrivateDnsEnabled=true and captures its request id', async () => {
    const prechecks = ec2Prechecks({ enableDnsSupport: true, enableDnsHostnames: true })
      .post(
        '/',
        form({ Action: 'DescribeVpcEndpoints', 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': 'vpc-1' }),
      )
      .reply(
        200,
        ec2Xml(
          'DescribeVpcEndpoints',
          `<vpcEndpointSet>${endpointXml('vpce-0aaa', { privateDns: false })}</vpcEndpointSet>`,
        ),
      );
    const modify = nock(EC2)
      .post('/', form({ Action: 'ModifyVpcEndpoint', VpcEndpointId: 'vpce-0aaa', PrivateDnsEnabled: 'true' }))
      .reply(200, ec2Xml('ModifyVpcEndpoint', '<return>true</return>'), {
        'x-amzn-requestid': 'req-modify-1',
      });

    const result = await createRemediator('us-east-1', { aws: ONE_ATTEMPT }).apply(
      'enable-private-dns',
      target,
      actor,
    );

    expect(result).toMatchObject({
      outcome: 'applied',
      fix: 'enable-private-dns',
      requestId: 'req-modify-1',
    });
    prechecks.done();
    modify.done();
  });

  it('refuses without calling ModifyVpcEndpoint when another endpoint in the VPC has private DNS on', async () => {
    const prechecks = ec2Prechecks({ enableDnsSupport: true, enableDnsHostnames: true })
      .post('/', form({ Action: 'DescribeVpcEndpoints', 'Filter.1.Name': 'vpc-id' }))
      .reply(
        200,
        ec2Xml(
          'DescribeVpcEndpoints',
          `<vpcEndpointSet>${endpointXml('vpce-0aaa', { privateDns: false })}${endpointXml('vpce-0bbb', { privateDns: true })}</vpcEndpointSet>`,
        ),
      );

    const result = await createRemediator('us-east-1', { aws: ONE_ATTEMPT }).apply(
      'enable-private-dns',
      target,
      actor,
    );

    expect(result.outcome).toBe('precheck-failed');
    expect(result.outcome === 'precheck-failed' && result.reason).toMatch(
      /vpce-0bbb.*conflicting DNS domain/,
    );
    prechecks.done();
  });

  it('refuses naming enableDnsHostnames and the modify-vpc-attribute command when it is false', async () => {
    const prechecks = ec2Prechecks({ enableDnsSupport: true, enableDnsHostnames: false });

    const result = await createRemediator('us-east-1', { aws: ONE_ATTEMPT }).apply(
      'enable-private-dns',
      target,
      actor,
    );

    const reason = result.outcome === 'precheck-failed' ? result.reason : '';
    expect(reason).toMatch(/^enableDnsHostnames is false on vpc-1/);
    expect(reason).toContain(
      'aws ec2 modify-vpc-attribute --region us-east-1 --vpc-id vpc-1 --enable-dns-hostnames',
    );
    prechecks.done();
  });

  it('refuses when EC2 says the endpoint does not exist', async () => {
    const scope = nock(EC2)
      .post('/', form({ Action: 'DescribeVpcEndpoints', 'VpcEndpointId.1': 'vpce-0aaa' }))
      .reply(
        400,
        '<Response><Errors><Error><Code>InvalidVpcEndpointId.NotFound</Code>' +
          "<Message>The VpcEndPoint ID 'vpce-0aaa' does not exist</Message></Error></Errors>" +
          '<RequestID>req-nf</RequestID></Response>',
      );

    const result = await createRemediator('us-east-1', { aws: ONE_ATTEMPT }).apply(
      'enable-private-dns',
      target,
      actor,
    );

    expect(result).toMatchObject({
      outcome: 'precheck-failed',
      reason: expect.stringMatching(/does not exist/),
    });
    scope.done();
  });

  it('returns aws-error with the EC2 request id when DescribeVpcAttribute is not authorised', async () => {
    const scope = nock(EC2)
      .post('/', form({ Action: 'DescribeVpcEndpoints', 'VpcEndpointId.1': 'vpce-0aaa' }))
      .reply(
        200,
        ec2Xml(
          'DescribeVpcEndpoints',
          `<vpcEndpointSet>${endpointXml('vpce-0aaa', { privateDns: false })}</vpcEndpointSet>`,
        ),
      )
      .post('/', form({ Action: 'DescribeVpcAttribute' }))
      .times(2)
      .reply(
        403,
        '<Response><Errors><Error><Code>UnauthorizedOperation</Code>' +
          '<Message>You are not authorized to perform this operation.</Message></Error></Errors>' +
          '<RequestID>req-ec2-denied</RequestID></Response>',
        { 'x-amzn-requestid': 'req-ec2-denied' },
      );

    const result = await createRemediator('us-east-1', { aws: ONE_ATTEMPT }).apply(
      'enable-private-dns',
      target,
      actor,
    );

    expect(result).toMatchObject({ outcome: 'aws-error', requestId: 'req-ec2-denied' });
    expect(result.outcome === 'aws-error' && result.message).toMatch(/not allowed ec2:DescribeVpcAttribute/);
    scope.done();
  });

  /** The private-DNS pre-checks of vpce-0aaa all passing, including the conflict scan of its VPC. */
  function passingPrivateDnsPrechecks() {
    return ec2Prechecks({ enableDnsSupport: true, enableDnsHostnames: true })
      .post('/', form({ Action: 'DescribeVpcEndpoints', 'Filter.1.Name': 'vpc-id' }))
      .reply(
        200,
        ec2Xml(
          'DescribeVpcEndpoints',
          `<vpcEndpointSet>${endpointXml('vpce-0aaa', { privateDns: false })}</vpcEndpointSet>`,
        ),
      );
  }

  it('plans by listing the public APIs GetRestApis and GetApis return, every page of GetApis', async () => {
    // Prepare
    const prechecks = passingPrivateDnsPrechecks();
    const apis = nock(APIGW)
      .get('/restapis')
      .query({ limit: '500' })
      // The wire name of GetRestApis' list is `item`, which the SDK exposes as `items`.
      .reply(200, {
        item: [
          { id: 'pub0000001', name: 'checkout', endpointConfiguration: { types: ['REGIONAL'] } },
          { id: 'priv000001', name: 'orders', endpointConfiguration: { types: ['PRIVATE'] } },
          {
            id: 'off0000001',
            name: 'no-default-host',
            endpointConfiguration: { types: ['REGIONAL'] },
            disableExecuteApiEndpoint: true,
          },
        ],
      })
      .get('/v2/apis')
      .query({ maxResults: '100' })
      .reply(200, {
        items: [{ apiId: 'abc123', name: 'orders-http', protocolType: 'HTTP' }],
        nextToken: 'page-2',
      })
      .get('/v2/apis')
      .query({ maxResults: '100', nextToken: 'page-2' })
      .reply(200, {
        items: [
          { apiId: 'ws0001', name: 'chat', protocolType: 'WEBSOCKET' },
          { apiId: 'off001', name: 'http-off', protocolType: 'HTTP', disableExecuteApiEndpoint: true },
        ],
      });

    // Act
    const plan = await createRemediator('us-east-1', { aws: ONE_ATTEMPT }).plan('enable-private-dns', target);

    // Assess
    expect(plan.risks.map(riskText)).toContain(
      'This VPC will no longer reach these public APIs in us-east-1 (403): checkout (REST API pub0000001), ' +
        'orders-http (HTTP API abc123), chat (WebSocket API ws0001).',
    );
    prechecks.done();
    apis.done();
  });

  it('plans saying the HTTP/WebSocket APIs could not be listed when GetApis is denied', async () => {
    // Prepare
    const prechecks = passingPrivateDnsPrechecks();
    const apis = nock(APIGW)
      .get('/restapis')
      .query({ limit: '500' })
      .reply(200, { item: [] })
      .get('/v2/apis')
      .query({ maxResults: '100' })
      .reply(
        403,
        { message: 'User: arn:aws:iam::123456789012:user/bot is not authorized to perform: apigateway:GET' },
        { 'x-amzn-errortype': 'AccessDeniedException', 'x-amzn-requestid': 'req-v2-denied' },
      );

    // Act
    const plan = await createRemediator('us-east-1', { aws: ONE_ATTEMPT }).plan('enable-private-dns', target);

    // Assess
    const unlisted = plan.risks
      .map(riskText)
      .find((line) => line.startsWith('Could not list the HTTP/WebSocket APIs'));
    expect(unlisted).toMatch(/apigateway:GET/);
    prechecks.done();
    apis.done();
  });
});

describe('redeploy-stage at the wire', () => {
  it('returns aws-error saying to try again in a few seconds when CreateDeployment is throttled', async () => {
    const scope = nock(APIGW)
      .get('/restapis/a1b2c3d4e5/stages/prod')
      .reply(200, { stageName: 'prod', deploymentId: 'olddep' })
      .post('/restapis/a1b2c3d4e5/deployments', {
        stageName: 'prod',
        description: 'apigw-diagnose redeploy by @dana',
      })
      .reply(
        429,
        { message: 'Too Many Requests' },
        { 'x-amzn-errortype': 'TooManyRequestsException', 'x-amzn-requestid': 'req-429' },
      );

    const result = await createRemediator('us-east-1', { aws: ONE_ATTEMPT }).apply(
      'redeploy-stage',
      target,
      actor,
    );

    expect(result).toMatchObject({ outcome: 'aws-error', fix: 'redeploy-stage', requestId: 'req-429' });
    expect(result.outcome === 'aws-error' && result.message).toMatch(
      /^API Gateway accepts one deployment every 5 seconds per account; nothing was changed, try again in a few seconds/,
    );
    scope.done();
  });
});

describe('the remediation role', () => {
  const roleArn = 'arn:aws:iam::123456789012:role/apigw-diagnose-remediation';
  const stsXml =
    '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>' +
    '<AccessKeyId>ASIAREMEDIATION</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>' +
    '<SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>' +
    '<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/apigw-diagnose-U012ABCDEF</Arn>' +
    '<AssumedRoleId>AROA:apigw-diagnose-U012ABCDEF</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>' +
    '<ResponseMetadata><RequestId>req-sts</RequestId></ResponseMetadata></AssumeRoleResponse>';

  it('signs the change with the assumed role named after the Slack user and the reads with the default chain', async () => {
    const sts = nock(STS)
      .post(
        '/',
        form({
          Action: 'AssumeRole',
          RoleArn: roleArn,
          RoleSessionName: 'apigw-diagnose-U012ABCDEF',
          // The Slack user is recorded on every call of the session (CloudTrail sessionContext.sourceIdentity).
          SourceIdentity: 'slack-U012ABCDEF',
        }),
      )
      .reply(200, stsXml);
    const reads = nock(APIGW)
      .matchHeader('authorization', /Credential=testing\//)
      .get('/account')
      .reply(200, { cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/logs' })
      .get('/restapis/a1b2c3d4e5/stages/prod')
      .reply(200, { stageName: 'prod', deploymentId: 'olddep' });
    const write = nock(APIGW)
      .matchHeader('authorization', /Credential=ASIAREMEDIATION\//)
      .matchHeader('x-amz-security-token', 'token')
      .patch('/restapis/a1b2c3d4e5/stages/prod')
      .reply(200, {}, { 'x-amzn-requestid': 'req-as-role' });

    const result = await createRemediator('us-east-1', { roleArn, aws: ONE_ATTEMPT }).apply(
      'enable-logging',
      target,
      actor,
    );

    expect(result).toMatchObject({ outcome: 'applied', requestId: 'req-as-role' });
    sts.done();
    reads.done();
    write.done();
  });

  it('returns aws-error naming the role when it cannot be assumed, and makes no change', async () => {
    const sts = nock(STS)
      .post('/', form({ Action: 'AssumeRole' }))
      .reply(
        403,
        '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
          '<Message>User is not authorized to perform: sts:AssumeRole</Message></Error>' +
          '<RequestId>req-sts-denied</RequestId></ErrorResponse>',
        { 'x-amzn-requestid': 'req-sts-denied' },
      );
    const read = nock(APIGW)
      .get('/restapis/a1b2c3d4e5/stages/prod')
      .reply(200, { stageName: 'prod', deploymentId: 'd1' });

    const result = await createRemediator('us-east-1', { roleArn, aws: ONE_ATTEMPT }).apply(
      'redeploy-stage',
      target,
      actor,
    );

    expect(result).toMatchObject({ outcome: 'aws-error', requestId: 'req-sts-denied' });
    expect(result.outcome === 'aws-error' && result.message).toMatch(
      /^Could not assume the remediation role arn:aws:iam::123456789012:role\/apigw-diagnose-remediation/,
    );
    sts.done();
    read.done();
  });

  it('says the trust policy must allow sts:SetSourceIdentity when STS refuses the source identity', async () => {
    const sts = nock(STS)
      .post('/', form({ Action: 'AssumeRole', SourceIdentity: 'slack-U012ABCDEF' }))
      .reply(
        403,
        '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
          '<Message>User: arn:aws:sts::123456789012:assumed-role/bot/i-1 is not authorized to perform: ' +
          `sts:SetSourceIdentity on resource: ${roleArn}</Message></Error>` +
          '<RequestId>req-sts-si</RequestId></ErrorResponse>',
        { 'x-amzn-requestid': 'req-sts-si' },
      );
    const read = nock(APIGW)
      .get('/restapis/a1b2c3d4e5/stages/prod')
      .reply(200, { stageName: 'prod', deploymentId: 'd1' });

    const result = await createRemediator('us-east-1', { roleArn, aws: ONE_ATTEMPT }).apply(
      'redeploy-stage',
      target,
      actor,
    );

    expect(result).toMatchObject({ outcome: 'aws-error', requestId: 'req-sts-si' });
    const message = result.outcome === 'aws-error' ? result.message : '';
    expect(message).toContain('is not authorized to perform: sts:SetSourceIdentity');
    expect(message).toMatch(
      /trust policy must allow sts:SetSourceIdentity to the bot's role beside sts:AssumeRole/,
    );
    expect(message).toMatch(/Nothing was changed\.$/);
    sts.done();
    read.done();
  });
});

describe('allow-endpoint-in-policy at the wire', () => {
  /** A saved policy as GetRestApi returns it: `execute-api:/*` expanded, quotes and slashes escaped. */
  const stored = (vpces: string[]) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*',
        },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*',
          Condition: { StringNotEquals: { 'aws:SourceVpce': vpces.length === 1 ? vpces[0] : vpces } },
        },
      ],
    })
      .replace(/"/g, '\\"')
      .replace(/\//g, '\\/');
  const endpointRead = () =>
    nock(EC2)
      .post('/', form({ Action: 'DescribeVpcEndpoints', 'VpcEndpointId.1': 'vpce-0aaa' }))
      .reply(
        200,
        ec2Xml(
          'DescribeVpcEndpoints',
          `<vpcEndpointSet>${endpointXml('vpce-0aaa', { privateDns: true })}</vpcEndpointSet>`,
        ),
      );

  it('patches /policy with the edited JSON text, reads back what was stored, then creates the deployment', async () => {
    const remediator = createRemediator('us-east-1', { aws: ONE_ATTEMPT });
    const planReads = nock(APIGW)
      .get('/restapis/a1b2c3d4e5')
      .reply(200, { id: 'a1b2c3d4e5', policy: stored(['vpce-0old']) })
      .get('/restapis/a1b2c3d4e5/stages/prod')
      .reply(200, { stageName: 'prod', deploymentId: 'olddep' });
    endpointRead();
    const plan = await remediator.plan('allow-endpoint-in-policy', target);
    planReads.done();

    const reads = nock(APIGW)
      .get('/restapis/a1b2c3d4e5/stages/prod')
      .reply(200, { stageName: 'prod', deploymentId: 'olddep' })
      .get('/restapis/a1b2c3d4e5')
      .reply(200, { id: 'a1b2c3d4e5', policy: stored(['vpce-0old']) })
      .get('/restapis/a1b2c3d4e5')
      .reply(200, { id: 'a1b2c3d4e5', policy: stored(['vpce-0old', 'vpce-0aaa']) });
    endpointRead();
    let sent = '';
    const write = nock(APIGW)
      .patch(
        '/restapis/a1b2c3d4e5',
        (body: { patchOperations: { op: string; path: string; value: string }[] }) => {
          const [operation] = body.patchOperations;
          sent = operation?.value ?? '';
          return (
            body.patchOperations.length === 1 && operation?.op === 'replace' && operation.path === '/policy'
          );
        },
      )
      .reply(200, { id: 'a1b2c3d4e5' }, { 'x-amzn-requestid': 'req-policy-1' })
      .post('/restapis/a1b2c3d4e5/deployments', {
        stageName: 'prod',
        description: 'apigw-diagnose allow vpce-0aaa by @dana',
      })
      .reply(201, { id: 'newdep' }, { 'x-amzn-requestid': 'req-deploy-1' });

    const result = await remediator.apply(
      'allow-endpoint-in-policy',
      { ...target, basis: plan.basis ?? null },
      actor,
    );

    expect(result).toMatchObject({ outcome: 'applied', requestId: 'req-policy-1' });
    expect(JSON.parse(sent).Statement[1].Condition.StringNotEquals['aws:SourceVpce']).toEqual([
      'vpce-0old',
      'vpce-0aaa',
    ]);
    reads.done();
    write.done();
  });

  it('returns aws-error naming apigateway:PATCH when UpdateRestApi is denied', async () => {
    const remediator = createRemediator('us-east-1', { aws: ONE_ATTEMPT });
    nock(APIGW)
      .get('/restapis/a1b2c3d4e5')
      .reply(200, { id: 'a1b2c3d4e5', policy: stored(['vpce-0old']) })
      .get('/restapis/a1b2c3d4e5/stages/prod')
      .reply(200, { stageName: 'prod', deploymentId: 'olddep' });
    endpointRead();
    const { basis } = await remediator.plan('allow-endpoint-in-policy', target);
    nock(APIGW)
      .get('/restapis/a1b2c3d4e5/stages/prod')
      .reply(200, { stageName: 'prod', deploymentId: 'olddep' })
      .get('/restapis/a1b2c3d4e5')
      .reply(200, { id: 'a1b2c3d4e5', policy: stored(['vpce-0old']) });
    endpointRead();
    const write = nock(APIGW).patch('/restapis/a1b2c3d4e5').reply(
      403,
      {
        message:
          'User: arn:aws:sts::123456789012:assumed-role/bot/x is not authorized to perform: apigateway:PATCH',
      },
      { 'x-amzn-errortype': 'AccessDeniedException', 'x-amzn-requestid': 'req-denied-1' },
    );

    const result = await remediator.apply(
      'allow-endpoint-in-policy',
      { ...target, basis: basis ?? null },
      actor,
    );

    expect(result).toMatchObject({ outcome: 'aws-error', requestId: 'req-denied-1' });
    expect(result.outcome === 'aws-error' && result.message).toContain('apigateway:PATCH');
    write.done();
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('the role session a change runs in (for its CloudTrail event)', () => {
  it("names the actor's session with a remediation role, and none on the bot's own credentials", async () => {
    const withRole = createRemediator('us-east-1', {
      aws: ONE_ATTEMPT,
      roleArn: 'arn:aws:iam::123456789012:role/apigw-diagnose-remediation',
    });
    const withoutRole = createRemediator('us-east-1', { aws: ONE_ATTEMPT });
    const refusal = { ...target, stage: null };

    const [inRole, asBot] = await Promise.all([
      withRole.apply('redeploy-stage', refusal, actor),
      withoutRole.apply('redeploy-stage', refusal, actor),
    ]);

    expect(inRole.roleSessionName).toBe('apigw-diagnose-U012ABCDEF');
    expect(asBot.roleSessionName).toBeNull();
  });
});
