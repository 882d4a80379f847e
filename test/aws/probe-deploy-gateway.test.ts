import { LambdaClient } from '@aws-sdk/client-lambda';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LambdaProbeDeployGateway } from '../../src/aws/probe-deploy-gateway.js';
import { zipProbe } from '../../src/probe/bundle.js';
import { deployProbe } from '../../src/probe/deploy.js';

const VPC = 'vpc-0123456789abcdef0';
const FUNCTION = `apigw-diagnose-probe-${VPC}`;
const PATH = `/2015-03-31/functions/${FUNCTION}`;
const REQUEST = {
  vpcId: VPC,
  subnetIds: ['subnet-0123456789abcdef0'],
  securityGroupIds: ['sg-0123456789abcdef0'],
  roleArn: 'arn:aws:iam::123456789012:role/apigw-diagnose-probe',
};

/** GetFunction's answer for a settled function (the waiters read LastUpdateStatus and State). */
function getFunctionReply(runtime: string, codeSha256: string) {
  return {
    Configuration: {
      FunctionName: FUNCTION,
      FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION}`,
      Runtime: runtime,
      CodeSha256: codeSha256,
      State: 'Active',
      LastUpdateStatus: 'Successful',
      VpcConfig: { SubnetIds: REQUEST.subnetIds, SecurityGroupIds: REQUEST.securityGroupIds, VpcId: VPC },
    },
  };
}

describe('LambdaProbeDeployGateway on the wire (nock)', () => {
  const gateway = new LambdaProbeDeployGateway(new LambdaClient({ region: 'us-east-1', maxAttempts: 1 }));
  const lambda = () => nock('https://lambda.us-east-1.amazonaws.com');

  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  });

  afterEach(() => {
    nock.cleanAll();
  });

  afterAll(() => {
    nock.enableNetConnect();
  });

  it('sends Runtime nodejs24.x in UpdateFunctionConfiguration, before the code, to a nodejs20.x probe', async () => {
    // Prepare: Lambda refuses code updates of functions on a blocked runtime, so the runtime must change first
    const bundle = zipProbe(new TextEncoder().encode('exports.handler = async () => ({});\n'));
    const sent: string[] = [];
    const scope = lambda()
      .get(PATH)
      .reply(200, getFunctionReply('nodejs20.x', 'old-sha'))
      .put(`${PATH}/configuration`, (body) => {
        sent.push(`configuration Runtime=${body.Runtime}`);
        return body.Runtime === 'nodejs24.x' && body.Handler === 'index.handler';
      })
      .reply(200, getFunctionReply('nodejs24.x', 'old-sha').Configuration)
      .get(PATH)
      .reply(200, getFunctionReply('nodejs24.x', 'old-sha'))
      .put(`${PATH}/code`, (body) => {
        sent.push('code');
        return typeof body.ZipFile === 'string' && body.ZipFile.length > 0;
      })
      .reply(200, getFunctionReply('nodejs24.x', bundle.sha256).Configuration)
      .get(PATH)
      .reply(200, getFunctionReply('nodejs24.x', bundle.sha256));

    // Act
    const result = await deployProbe(gateway, REQUEST, bundle);

    // Assess
    expect(sent).toEqual(['configuration Runtime=nodejs24.x', 'code']);
    expect(result).toMatchObject({ action: 'updated', codeChanged: true, previousRuntime: 'nodejs20.x' });
    expect(result.fn.runtime).toBe('nodejs24.x');
    scope.done();
  });

  it('reports no previous runtime when the probe already runs on nodejs24.x', async () => {
    // Prepare
    const bundle = zipProbe(new TextEncoder().encode('exports.handler = async () => ({});\n'));
    const scope = lambda()
      .get(PATH)
      .reply(200, getFunctionReply('nodejs24.x', bundle.sha256))
      .put(`${PATH}/configuration`, (body) => body.Runtime === 'nodejs24.x')
      .reply(200, getFunctionReply('nodejs24.x', bundle.sha256).Configuration)
      .get(PATH)
      .reply(200, getFunctionReply('nodejs24.x', bundle.sha256));

    // Act
    const result = await deployProbe(gateway, REQUEST, bundle);

    // Assess
    expect(result).toMatchObject({ action: 'updated', codeChanged: false, previousRuntime: null });
    scope.done();
  });
});
