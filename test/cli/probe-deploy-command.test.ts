import {
  CreateFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbeDeployCommand } from '../../src/cli/probe-deploy-command.js';
import { createNetwork, createRole, type MotoNetwork, placeholderZip } from '../probe/moto-lambda.js';
import { captureIo } from '../support/capture-io.js';
import { type MotoServer, startMoto } from '../support/moto.js';

describe('probe deploy against moto', () => {
  let moto: MotoServer;
  let network: MotoNetwork;
  let roleArn: string;
  let lambda: LambdaClient;
  const previousEndpoint = process.env.AWS_ENDPOINT_URL;

  beforeAll(async () => {
    moto = await startMoto();
    // The command builds its own client: the standard variable sends it to moto.
    process.env.AWS_ENDPOINT_URL = moto.url;
    roleArn = await createRole(moto.url, 'apigw-diagnose-probe');
    network = await createNetwork(moto.url);
    lambda = new LambdaClient({ region: 'us-east-1', endpoint: moto.url, maxAttempts: 1 });
  });

  afterAll(async () => {
    if (previousEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = previousEndpoint;
    await moto?.stop();
  });

  const args = (securityGroups: string[]) => [
    '--vpc',
    network.vpcId,
    '--subnets',
    network.subnetIds.join(','),
    '--security-groups',
    securityGroups.join(','),
    '--role-arn',
    roleArn,
    '--region',
    'us-east-1',
  ];

  it("creates apigw-diagnose-probe-<vpc-id> with the caller's subnets and security groups", async () => {
    // Prepare
    const { io, out } = captureIo();

    // Act
    const code = await runProbeDeployCommand(args([network.securityGroupIds[0] ?? '']), io);

    // Assess
    expect(out.stderr).not.toContain('failed');
    expect(code).toBe(0);
    expect(out.stdout).toContain(`Created apigw-diagnose-probe-${network.vpcId}`);
    const fn = await lambda.send(
      new GetFunctionCommand({ FunctionName: `apigw-diagnose-probe-${network.vpcId}` }),
    );
    expect(fn.Configuration).toMatchObject({
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      MemorySize: 128,
      Timeout: 15,
      Role: roleArn,
    });
    expect(fn.Configuration?.VpcConfig?.SubnetIds).toEqual(network.subnetIds);
    expect(fn.Configuration?.VpcConfig?.SecurityGroupIds).toEqual([network.securityGroupIds[0]]);
  });

  it('updates the same function in place on a second run', async () => {
    // Prepare
    const { io, out } = captureIo();

    // Act
    const code = await runProbeDeployCommand(args(network.securityGroupIds), io);

    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toContain(`Updated apigw-diagnose-probe-${network.vpcId}`);
    const fn = await lambda.send(
      new GetFunctionCommand({ FunctionName: `apigw-diagnose-probe-${network.vpcId}` }),
    );
    expect(fn.Configuration?.VpcConfig?.SecurityGroupIds).toEqual(network.securityGroupIds);
    const listed = await lambda.send(new ListFunctionsCommand({}));
    expect(listed.Functions?.filter((f) => f.FunctionName?.startsWith('apigw-diagnose-probe'))).toHaveLength(
      1,
    );
  });

  it('moves a probe deployed earlier on the deprecated nodejs20.x runtime to nodejs24.x', async () => {
    // Prepare: a probe an older release created, in a VPC of its own
    const old = await createNetwork(moto.url);
    const functionName = `apigw-diagnose-probe-${old.vpcId}`;
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: functionName,
        Role: roleArn,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: placeholderZip() },
        VpcConfig: { SubnetIds: old.subnetIds, SecurityGroupIds: old.securityGroupIds },
      }),
    );
    const { io, out } = captureIo();
    const argv = args(old.securityGroupIds);
    argv.splice(argv.indexOf('--vpc'), 4, '--vpc', old.vpcId, '--subnets', old.subnetIds.join(','));

    // Act
    const code = await runProbeDeployCommand(argv, io);

    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toContain(`Updated ${functionName}`);
    expect(out.stdout).toContain('runtime:         nodejs24.x (was nodejs20.x)');
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: functionName }));
    expect(fn.Configuration?.Runtime).toBe('nodejs24.x');
  });
});

describe('probe deploy usage', () => {
  const valid = [
    '--vpc',
    'vpc-0123456789abcdef0',
    '--subnets',
    'subnet-0123456789abcdef0',
    '--security-groups',
    'sg-0123456789abcdef0',
    '--region',
    'us-east-1',
  ];

  it('exits 2 and explains the execution role when --role-arn is missing', async () => {
    // Prepare
    const { io, out } = captureIo();

    // Act
    const code = await runProbeDeployCommand(valid, io);

    // Assess
    expect(code).toBe(2);
    expect(out.stderr).toContain('AWSLambdaVPCAccessExecutionRole');
    expect(out.stderr).toContain('infra/probe-template.yaml');
  });

  it.each([
    [['--vpc', 'vpc-zzz'], "--vpc 'vpc-zzz' is not a VPC id"],
    [['--subnets', 'subnet-0123456789abcdef0,sg-1'], "'sg-1' is not a subnet id"],
    [['--security-groups', ''], '--security-groups is required'],
    [['--bogus', 'x'], "Unknown option '--bogus'"],
  ])('exits 2 without any AWS call for %j', async (change, message) => {
    // Prepare
    const { io, out } = captureIo();
    const argv = [...valid, '--role-arn', 'arn:aws:iam::123456789012:role/probe'];
    const at = argv.indexOf(change[0] ?? '');
    if (at >= 0) argv.splice(at, 2, ...change);
    else argv.push(...change);
    const noAws = {
      createGateway: () => {
        throw new Error('no AWS call expected');
      },
      buildBundle: () => Promise.reject(new Error('no build expected')),
    };

    // Act
    const code = await runProbeDeployCommand(argv, io, noAws);

    // Assess
    expect(code).toBe(2);
    expect(out.stderr).toContain(message);
  });
});
