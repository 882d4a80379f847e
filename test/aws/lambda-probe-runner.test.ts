import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { functionFromConfig, LambdaProbeRunner } from '../../src/aws/lambda-probe-runner.js';
import { probeCheck } from '../../src/diagnosis/checks/probe.js';
import { AwsCallError } from '../../src/diagnosis/facts.js';
import type { ProbeOutput } from '../../src/probe/schema.js';
import {
  createNetwork,
  createRole,
  placeholderZip,
  queueLambdaResults,
  useLambdaWithoutDocker,
} from '../probe/moto-lambda.js';
import { probeFacts, ranProbe } from '../probe/probe-facts.js';
import {
  ALIAS_NAME,
  dnsStep,
  ENDPOINT_NAME,
  FORBIDDEN,
  httpStep,
  PRIVATE_NAME,
  probeOutput,
  tcpStep,
  VPC_CIDR,
  VPCE,
} from '../probe/probe-output-fixtures.js';
import { type MotoServer, startMoto } from '../support/moto.js';

const INPUT = { schemaVersion: 1, apiId: 'a1b2c3d4e5' };

describe('LambdaProbeRunner against moto', () => {
  let moto: MotoServer;
  let runner: LambdaProbeRunner;
  let vpcId: string;

  beforeAll(async () => {
    moto = await startMoto();
    await useLambdaWithoutDocker(moto.url);
    const roleArn = await createRole(moto.url, 'apigw-diagnose-probe');
    const network = await createNetwork(moto.url);
    vpcId = network.vpcId;
    const client = new LambdaClient({ region: 'us-east-1', endpoint: moto.url, maxAttempts: 1 });
    const create = (FunctionName: string) =>
      client.send(
        new CreateFunctionCommand({
          FunctionName,
          Role: roleArn,
          Runtime: 'nodejs24.x',
          Handler: 'index.handler',
          Code: { ZipFile: placeholderZip() },
          VpcConfig: { SubnetIds: network.subnetIds, SecurityGroupIds: network.securityGroupIds },
        }),
      );
    await create('unrelated-function');
    await create('apigw-diagnose-probe-legacy');
    await create(`apigw-diagnose-probe-${vpcId}`);
    runner = new LambdaProbeRunner(client, {});
  });

  afterAll(async () => {
    await moto?.stop();
  });

  it('finds the probe by the apigw-diagnose-probe-<vpc-id> name', async () => {
    // Act
    const name = await runner.findFunction(vpcId);

    // Assess
    expect(name).toBe(`apigw-diagnose-probe-${vpcId}`);
  });

  it('falls back to a prefixed function whose VpcConfig names the VPC (moto reports vpc-123abc)', async () => {
    // Act
    const name = await runner.findFunction('vpc-123abc');

    // Assess
    expect(name).toBe('apigw-diagnose-probe-legacy');
  });

  it('finds nothing for a VPC without a probe', async () => {
    // Act
    const name = await runner.findFunction('vpc-0fffffffffffffff0');

    // Assess
    expect(name).toBeNull();
  });

  async function invokeAndCheck(payload: ProbeOutput, urlForm: 'private-dns' | 'vpce-alias' = 'private-dns') {
    await queueLambdaResults(moto.url, [JSON.stringify(payload)]);
    const functionName = `apigw-diagnose-probe-${vpcId}`;
    const result = await runner.invoke(functionName, INPUT, 10_000);
    return probeCheck.run(
      probeFacts(ranProbe(result, undefined, functionName), { urlForm, vpcCidrs: [VPC_CIDR] }),
    );
  }

  it.each([
    [
      'PROBE_DNS_PUBLIC',
      probeOutput({
        dns: [
          dnsStep({ name: PRIVATE_NAME, role: 'private-dns', addresses: ['52.1.2.3'] }),
          dnsStep({ name: ENDPOINT_NAME, role: 'endpoint', vpceId: VPCE }),
        ],
        http: [httpStep({ ...FORBIDDEN })],
      }),
    ],
    [
      'PROBE_DNS_FAILED',
      probeOutput({
        dns: [dnsStep({ name: PRIVATE_NAME, role: 'private-dns', addresses: [], errorCode: 'ENOTFOUND' })],
        http: [httpStep({ status: null, requestId: null, errorCode: 'ENOTFOUND' })],
      }),
    ],
    [
      'PROBE_DNS_MISMATCH',
      probeOutput({
        dns: [
          dnsStep({ name: PRIVATE_NAME, role: 'private-dns', addresses: ['10.0.7.7'] }),
          dnsStep({ name: ENDPOINT_NAME, role: 'endpoint', vpceId: VPCE }),
        ],
      }),
    ],
    [
      'PROBE_TCP_TIMEOUT',
      probeOutput({
        tcp: [tcpStep('10.0.1.10', { ok: false, errorCode: 'ETIMEDOUT', ms: 3000 })],
        http: [httpStep({ status: null, requestId: null, errorCode: 'ETIMEDOUT' })],
      }),
    ],
    ['PROBE_HTTP_FORBIDDEN', probeOutput({ http: [httpStep({ ...FORBIDDEN })] })],
    ['PROBE_HTTP_OK', probeOutput()],
  ])('reports %s from the payload the probe function returned', async (code, payload) => {
    // Act
    const outcome = await invokeAndCheck(payload);

    // Assess
    expect(outcome.findings.map((f) => f.code)).toContain(code);
    const found = outcome.findings.find((f) => f.code === code);
    expect(found?.evidence.probe).toMatchObject({
      functionName: `apigw-diagnose-probe-${vpcId}`,
      dns: payload.dns,
    });
  });

  it('reports the alias failure for a caller using the vpce-alias form', async () => {
    // Prepare
    const payload = probeOutput({
      dns: [
        dnsStep({
          name: ALIAS_NAME,
          role: 'vpce-alias',
          vpceId: VPCE,
          addresses: [],
          errorCode: 'ENOTFOUND',
        }),
      ],
      http: [
        httpStep({
          form: 'vpce-alias',
          url: `https://${ALIAS_NAME}/prod/`,
          status: null,
          errorCode: 'ENOTFOUND',
        }),
      ],
    });

    // Act
    const outcome = await invokeAndCheck(payload, 'vpce-alias');

    // Assess
    expect(outcome.findings.map((f) => f.code)).toEqual(['PROBE_DNS_FAILED']);
  });

  it('throws a clear error when the function answers JSON of another schema', async () => {
    // Prepare
    await queueLambdaResults(moto.url, [JSON.stringify({ schemaVersion: 2 })]);

    // Act
    const invoke = runner.invoke(`apigw-diagnose-probe-${vpcId}`, INPUT, 10_000);

    // Assess
    await expect(invoke).rejects.toThrow(/does not match probe schema v1 \(payload\.schemaVersion is 2/);
  });
});

describe('LambdaProbeRunner failure paths (nock)', () => {
  const FUNCTION = 'apigw-diagnose-probe-vpc-0123456789abcdef0';
  const INVOKE_PATH = `/2015-03-31/functions/${FUNCTION}/invocations`;
  const runner = new LambdaProbeRunner(new LambdaClient({ region: 'us-east-1', maxAttempts: 1 }), {});
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

  it('throws AwsCallError with the error payload when the function reports a FunctionError', async () => {
    // Prepare
    const scope = lambda().post(INVOKE_PATH).reply(
      200,
      { errorType: 'ProbeSchemaError', errorMessage: 'input.budgetMs must be a number' },
      {
        'x-amz-function-error': 'Unhandled',
      },
    );

    // Act
    const error = await runner.invoke(FUNCTION, INPUT, 5000).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({ kind: 'other', action: 'lambda:InvokeFunction', operation: 'Invoke' });
    expect((error as Error).message).toContain('Unhandled');
    expect((error as Error).message).toContain('ProbeSchemaError: input.budgetMs must be a number');
    scope.done();
  });

  it('throws when the payload is not JSON', async () => {
    // Prepare
    const scope = lambda().post(INVOKE_PATH).reply(200, 'Task timed out after 15.01 seconds');

    // Act
    const invoke = runner.invoke(FUNCTION, INPUT, 5000);

    // Assess
    await expect(invoke).rejects.toThrow(/not JSON: "Task timed out after 15.01 seconds"/);
    scope.done();
  });

  it('throws when a required field is missing from the payload', async () => {
    // Prepare
    const { http: _dropped, ...withoutHttp } = probeOutput();
    const scope = lambda().post(INVOKE_PATH).reply(200, withoutHttp);

    // Act
    const invoke = runner.invoke(FUNCTION, INPUT, 5000);

    // Assess
    await expect(invoke).rejects.toThrow(/payload\.http must be an array/);
    scope.done();
  });

  it('sends the input as the payload of a RequestResponse invocation and returns the validated output', async () => {
    // Prepare
    let sent: unknown;
    const scope = lambda()
      .post(INVOKE_PATH, (body: unknown) => {
        sent = body;
        return true;
      })
      .matchHeader('x-amz-invocation-type', 'RequestResponse')
      .reply(200, probeOutput());

    // Act
    const output = await runner.invoke(FUNCTION, INPUT, 5000);

    // Assess
    expect(sent).toEqual(INPUT);
    expect(output).toEqual(probeOutput());
    scope.done();
  });

  it('maps AccessDeniedException to an access-denied AwsCallError naming lambda:InvokeFunction', async () => {
    // Prepare
    const scope = lambda().post(INVOKE_PATH).reply(
      403,
      { Message: 'not authorized to perform: lambda:InvokeFunction' },
      {
        'x-amzn-errortype': 'AccessDeniedException',
      },
    );

    // Act
    const error = await runner.invoke(FUNCTION, INPUT, 5000).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ kind: 'access-denied', action: 'lambda:InvokeFunction' });
    scope.done();
  });

  it('gives up with a timeout AwsCallError when the function does not answer in time', async () => {
    // Prepare
    const scope = lambda().post(INVOKE_PATH).delay(2000).reply(200, probeOutput());

    // Act
    const error = await runner.invoke(FUNCTION, INPUT, 50).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ kind: 'timeout', action: 'lambda:InvokeFunction' });
    expect((error as Error).message).toContain('did not answer within 50 ms');
    scope.done();
  });

  it('lists the functions once however many candidate VPCs ask for their probe', async () => {
    // Prepare: one ListFunctions answer; a second request would find no interceptor and fail.
    const scope = lambda()
      .get('/2015-03-31/functions')
      .query(true)
      .reply(200, {
        Functions: [{ FunctionName: 'apigw-diagnose-probe-vpc-2', VpcConfig: { VpcId: 'vpc-2' } }],
      });
    const fresh = new LambdaProbeRunner(new LambdaClient({ region: 'us-east-1', maxAttempts: 1 }), {});

    // Act
    const found = [await fresh.findFunction('vpc-1'), await fresh.findFunction('vpc-2')];

    // Assess
    expect(found).toEqual([null, 'apigw-diagnose-probe-vpc-2']);
    scope.done();
  });
});

describe('PROBE_FUNCTION configuration', () => {
  it.each([
    ['my-probe', 'vpc-1', 'my-probe'],
    ['vpc-1=probe-one,vpc-2=probe-two', 'vpc-2', 'probe-two'],
    ['vpc-1=probe-one, vpc-2 = probe-two', 'vpc-2', 'probe-two'],
    ['vpc-1=probe-one', 'vpc-3', null],
  ])('reads %s for %s as %s', (configured, vpcId, expected) => {
    // Act / Assess
    expect(functionFromConfig(configured, vpcId)).toBe(expected);
  });

  it('uses PROBE_FUNCTION without listing functions', async () => {
    // Prepare: a client that would fail any call proves no AWS call is made.
    const runner = new LambdaProbeRunner(
      new LambdaClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }),
      {
        probeFunction: 'vpc-1=probe-one',
      },
    );

    // Act / Assess
    await expect(runner.findFunction('vpc-1')).resolves.toBe('probe-one');
  });
});
