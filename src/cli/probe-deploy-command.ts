// `apigw-diagnose probe deploy --vpc … --subnets … --security-groups … --role-arn … [--region …]`:
// one command that bundles the probe and creates or updates `apigw-diagnose-probe-<vpc-id>`.

import { parseArgs } from 'node:util';
import type { AwsProfile } from '../aws/profile.js';
import { NO_REGION } from '../command/parse.js';
import { loadAwsEnvironment } from '../config.js';
import { buildProbeBundle, PROBE_RUNTIME, type ProbeBundle } from '../probe/bundle.js';
import {
  deployProbe,
  ProbeDeployError,
  type ProbeDeployGateway,
  type ProbeDeployRequest,
} from '../probe/deploy.js';
import { PROBE_DEPLOY_USAGE } from './probe-usage.js';

export interface ProbeDeployIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Seams for tests; the defaults talk to AWS (AWS_ENDPOINT_URL applies) and build with esbuild. */
export interface ProbeDeployDeps {
  createGateway: (region: string) => ProbeDeployGateway;
  buildBundle: () => Promise<ProbeBundle>;
}

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_NO_AWS = 3;

const ROLE_HELP = `--role-arn is required: the probe needs an execution role with the AWS managed policy
AWSLambdaVPCAccessExecutionRole (it lets Lambda create network interfaces in your subnets; the probe itself
needs no AWS permission). Create one, e.g.:
  aws iam create-role --role-name apigw-diagnose-probe \\
    --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
  aws iam attach-role-policy --role-name apigw-diagnose-probe \\
    --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole
or deploy infra/probe-template.yaml, which creates the role and the function together.`;

/** The real dependencies, imported on first use: the gateway loads the AWS SDK's Lambda client. */
async function realDeps(): Promise<ProbeDeployDeps> {
  const { createProbeDeployGateway } = await import('../aws/probe-deploy-gateway.js');
  const { maxAttempts } = loadAwsEnvironment(process.env);
  return {
    createGateway: (region) => createProbeDeployGateway(region, { maxAttempts }),
    buildBundle: buildProbeBundle,
  };
}

export async function runProbeDeployCommand(
  args: string[],
  io: ProbeDeployIo,
  deps?: ProbeDeployDeps,
): Promise<number> {
  // The AWS profile is read once, and only when a region or a deployment needs it (help needs none).
  let profile: AwsProfile | undefined;
  const profileOnce = async () => {
    profile ??= await (await import('../aws/profile.js')).resolveAwsProfile(process.env);
    return profile;
  };
  let parsed = parseDeployArgs(args);
  if (parsed.kind === 'usage' && parsed.message === NO_REGION) {
    // The profile's region, read only when neither --region nor the environment gives one.
    const read = await profileOnce();
    parsed = parseDeployArgs(args, read.region);
    if (parsed.kind === 'usage' && parsed.message === NO_REGION) {
      const { noRegionMessage } = await import('../aws/profile.js');
      parsed = { kind: 'usage', message: noRegionMessage(read) };
    }
  }
  if (parsed.kind === 'help') {
    io.stdout.write(`${PROBE_DEPLOY_USAGE}\n`);
    return EXIT_OK;
  }
  if (parsed.kind === 'usage') {
    io.stderr.write(`apigw-diagnose probe deploy: ${parsed.message}\n\n${PROBE_DEPLOY_USAGE}\n`);
    return EXIT_USAGE;
  }
  const { request, region } = parsed;
  const { missingProfile } = await import('../aws/profile.js');
  const missing = missingProfile(await profileOnce());
  if (missing) {
    io.stderr.write(`apigw-diagnose probe deploy: ${missing}\n`);
    return EXIT_NO_AWS;
  }
  const { createGateway, buildBundle } = deps ?? (await realDeps());
  try {
    const bundle = await buildBundle();
    io.stderr.write(`Built the probe bundle (${bundle.bytes} bytes, sha256 ${bundle.sha256}).\n`);
    const result = await deployProbe(createGateway(region), request, bundle);
    const code = result.action === 'created' || result.codeChanged ? 'new code' : 'code unchanged';
    io.stdout.write(
      `${result.action === 'created' ? 'Created' : 'Updated'} ${result.fn.functionName} in ${region} (${code})\n` +
        `  arn:             ${result.fn.functionArn}\n` +
        `  runtime:         ${PROBE_RUNTIME}${result.previousRuntime ? ` (was ${result.previousRuntime})` : ''}\n` +
        `  vpc:             ${request.vpcId}\n` +
        `  subnets:         ${result.fn.subnetIds.join(', ')}\n` +
        `  security groups: ${result.fn.securityGroupIds.join(', ')}\n` +
        'Diagnoses of APIs called from this VPC now run the in-VPC probe (found by name; or set PROBE_FUNCTION).\n',
    );
    return EXIT_OK;
  } catch (error) {
    io.stderr.write(
      `apigw-diagnose probe deploy: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return error instanceof ProbeDeployError && error.noCredentials ? EXIT_NO_AWS : EXIT_FAILED;
  }
}

type ParsedDeployArgs =
  | { kind: 'help' }
  | { kind: 'usage'; message: string }
  | { kind: 'deploy'; request: ProbeDeployRequest; region: string };

const ID_PATTERNS = {
  vpc: /^vpc-[0-9a-f]{8,17}$/,
  subnet: /^subnet-[0-9a-f]{8,17}$/,
  sg: /^sg-[0-9a-f]{8,17}$/,
  role: /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@\-/]+$/,
  region: /^[a-z]{2}(-[a-z]+)+-\d$/,
};

/** `defaultRegion`: the region when --region names none (the environment's, unless the caller read the profile). */
export function parseDeployArgs(
  args: string[],
  defaultRegion: string | null = loadAwsEnvironment(process.env).defaultRegion,
): ParsedDeployArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        vpc: { type: 'string' },
        subnets: { type: 'string' },
        'security-groups': { type: 'string' },
        'role-arn': { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'usage', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };

  const vpcId = text(values.vpc);
  const subnetIds = list(values.subnets);
  const securityGroupIds = list(values['security-groups']);
  const roleArn = text(values['role-arn']);
  const region = text(values.region) ?? defaultRegion;

  if (!vpcId)
    return usage('--vpc is required (the VPC of the clients that fail, e.g. vpc-0abc12345def67890)');
  if (!ID_PATTERNS.vpc.test(vpcId)) return usage(`--vpc '${vpcId}' is not a VPC id (vpc-…)`);
  if (subnetIds.length === 0)
    return usage('--subnets is required (comma-separated subnet ids of the caller)');
  const badSubnet = subnetIds.find((id) => !ID_PATTERNS.subnet.test(id));
  if (badSubnet) return usage(`--subnets: '${badSubnet}' is not a subnet id (subnet-…)`);
  if (securityGroupIds.length === 0)
    return usage("--security-groups is required (the caller's security groups)");
  const badGroup = securityGroupIds.find((id) => !ID_PATTERNS.sg.test(id));
  if (badGroup) return usage(`--security-groups: '${badGroup}' is not a security group id (sg-…)`);
  if (!roleArn) return usage(ROLE_HELP);
  if (!ID_PATTERNS.role.test(roleArn)) return usage(`--role-arn '${roleArn}' is not an IAM role ARN`);
  if (!region) return usage(NO_REGION);
  if (!ID_PATTERNS.region.test(region)) return usage(`--region '${region}' is not an AWS region name`);

  return { kind: 'deploy', region, request: { vpcId, subnetIds, securityGroupIds, roleArn } };
}

function usage(message: string): ParsedDeployArgs {
  return { kind: 'usage', message };
}

function text(value: string | boolean | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function list(value: string | boolean | undefined): string[] {
  const raw = text(value);
  return raw === null
    ? []
    : raw
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
}
