// The Lambda calls of `probe deploy`. Lambda rejects a second update while one is in progress
// (ResourceConflictException), so every write waits until the function has settled before the next.

import {
  CreateFunctionCommand,
  type FunctionConfiguration,
  GetFunctionCommand,
  LambdaClient,
  ResourceNotFoundException,
  type Runtime,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { NO_CREDENTIALS_MESSAGE } from '../diagnosis/diagnose.js';
import {
  type DeployedFunction,
  ProbeDeployError,
  type ProbeDeployGateway,
  type ProbeFunctionSpec,
} from '../probe/deploy.js';
import { type AwsClientSettings, makeClient, TIMEOUTS } from './clients.js';
import { classify } from './errors.js';

/** A VPC function can take minutes to become active (its network interfaces are created first). */
const MAX_WAIT_S = 300;

export function createProbeDeployGateway(
  region: string,
  settings: AwsClientSettings,
): LambdaProbeDeployGateway {
  return new LambdaProbeDeployGateway(
    makeClient(LambdaClient, 'lambda', settings, { region, timeouts: TIMEOUTS.probeDeploy }),
  );
}

export class LambdaProbeDeployGateway implements ProbeDeployGateway {
  constructor(private readonly client: LambdaClient) {}

  async getFunction(functionName: string): Promise<DeployedFunction | null> {
    try {
      const response = await this.client.send(new GetFunctionCommand({ FunctionName: functionName }));
      return response.Configuration ? deployed(response.Configuration) : null;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return null;
      throw deployError('GetFunction', error);
    }
  }

  async createFunction(spec: ProbeFunctionSpec): Promise<DeployedFunction> {
    const created = await this.call('CreateFunction', () =>
      this.client.send(
        new CreateFunctionCommand({
          ...configuration(spec),
          Code: { ZipFile: spec.zip },
          PackageType: 'Zip',
          Tags: spec.tags,
        }),
      ),
    );
    await this.call('GetFunction (wait until active)', () =>
      waitUntilFunctionActiveV2(
        { client: this.client, maxWaitTime: MAX_WAIT_S },
        { FunctionName: spec.functionName },
      ),
    );
    return deployed(created);
  }

  async updateFunction(spec: ProbeFunctionSpec, updateCode: boolean): Promise<DeployedFunction> {
    let latest = await this.call('UpdateFunctionConfiguration', () =>
      this.client.send(new UpdateFunctionConfigurationCommand(configuration(spec))),
    );
    await this.waitUpdated(spec.functionName);
    if (updateCode) {
      latest = await this.call('UpdateFunctionCode', () =>
        this.client.send(
          new UpdateFunctionCodeCommand({ FunctionName: spec.functionName, ZipFile: spec.zip }),
        ),
      );
      await this.waitUpdated(spec.functionName);
    }
    return deployed(latest);
  }

  private async waitUpdated(functionName: string): Promise<void> {
    await this.call('GetFunction (wait until updated)', () =>
      waitUntilFunctionUpdatedV2(
        { client: this.client, maxWaitTime: MAX_WAIT_S },
        { FunctionName: functionName },
      ),
    );
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw deployError(operation, error);
    }
  }
}

function configuration(spec: ProbeFunctionSpec) {
  return {
    FunctionName: spec.functionName,
    Role: spec.roleArn,
    // Sent on every update too, so a function on a deprecated runtime moves to the current one.
    Runtime: spec.runtime as Runtime,
    Handler: spec.handler,
    MemorySize: spec.memoryMb,
    Timeout: spec.timeoutS,
    Description: spec.description,
    VpcConfig: { SubnetIds: spec.subnetIds, SecurityGroupIds: spec.securityGroupIds },
  };
}

function deployed(config: FunctionConfiguration): DeployedFunction {
  return {
    functionName: config.FunctionName ?? '',
    functionArn: config.FunctionArn ?? '',
    codeSha256: config.CodeSha256 ?? null,
    runtime: config.Runtime ?? null,
    subnetIds: config.VpcConfig?.SubnetIds ?? [],
    securityGroupIds: config.VpcConfig?.SecurityGroupIds ?? [],
  };
}

function deployError(operation: string, error: unknown): ProbeDeployError {
  if (typeof error === 'object' && error !== null && classify(error) === 'no-credentials') {
    return new ProbeDeployError(NO_CREDENTIALS_MESSAGE, { cause: error, noCredentials: true });
  }
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new ProbeDeployError(`${operation} failed: ${name}: ${message}`, { cause: error });
}
