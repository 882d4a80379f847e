// The terminal adapter: parse → diagnose → print. Exit codes (spec §3): 0 healthy, 1 broken/degraded/
// inconclusive, 2 bad usage, 3 could not reach AWS at all (or no credentials to ask it).
//
// The engine and the probe deployment are imported when a command needs them: they load the AWS SDK clients,
// which cost about half a second and 100 MB, and help, --version and usage errors need none of that.

import { explainUsageError, NO_REGION, parseArgs, USAGE } from '../command/parse.js';
import { type AwsEnvironment, ConfigError, loadAwsEnvironment, variable } from '../config.js';
import { PROBE_USAGE } from './probe-usage.js';
import { packageVersion } from './version.js';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

export const EXIT = { healthy: 0, problem: 1, usage: 2, unreachable: 3 } as const;

export async function runCli(
  args: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.healthy;
  }
  if (args[0] === 'probe') return runProbeCommand(args.slice(1), io);
  if (args[0] === 'mcp') {
    const { runMcpStdio } = await import('../mcp/stdio.js');
    const stdio = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
    return runMcpStdio(args.slice(1), process.env, stdio, packageVersion());
  }
  if (args.length === 0) return usageError('no target given', io);

  let aws: AwsEnvironment;
  try {
    aws = loadAwsEnvironment(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`apigw-diagnose: ${error.message}\n`);
    return EXIT.usage;
  }
  const first = parseArgs(args, { defaultRegion: aws.defaultRegion });
  if (first.kind === 'help') {
    // The usage text is shared with Slack; deploying the probe is a terminal-only command.
    io.stdout.write(
      `${USAGE}\n\nDeploy the in-VPC probe: apigw-diagnose probe deploy --help\nMCP server for AI agents: apigw-diagnose mcp --help\nVersion: apigw-diagnose --version\n`,
    );
    return EXIT.healthy;
  }
  if (first.kind === 'error' && first.message !== NO_REGION) return usageError(first.message, io);

  // A diagnosis: the profile's region and existence, read as the AWS CLI reads them (only now: the SDK's file
  // loader is not needed for help or a usage error).
  const { missingProfile, noRegionMessage, resolveAwsProfile } = await import('../aws/profile.js');
  const profile = await resolveAwsProfile(process.env);
  const missing = missingProfile(profile);
  if (missing) {
    io.stderr.write(`apigw-diagnose: ${missing}\n`);
    return EXIT.unreachable;
  }
  const parsed = first.kind === 'error' ? parseArgs(args, { defaultRegion: profile.region }) : first;
  if (parsed.kind !== 'diagnose') {
    return usageError(
      parsed.kind === 'error' && parsed.message !== NO_REGION ? parsed.message : noRegionMessage(profile),
      io,
    );
  }

  const { createEngine, AwsUnreachableError } = await import('../engine.js');
  const { renderText } = await import('./render-text.js');
  const runDiagnosis = createEngine({
    aws: { maxAttempts: aws.maxAttempts },
    defaultRegion: profile.region,
    requestLogRetryDelaysMs: aws.requestLogRetryDelaysMs,
    accounts: aws.accounts,
  });
  try {
    const report = await runDiagnosis(
      parsed.request,
      aws.probeFunction ? { probeFunction: aws.probeFunction } : {},
    );
    io.stdout.write(
      parsed.json
        ? `${JSON.stringify(report, null, 2)}\n`
        : renderText(report, { colour: Boolean(io.stdout.isTTY) && !variable(process.env, 'NO_COLOR') }),
    );
    return report.verdict === 'healthy' ? EXIT.healthy : EXIT.problem;
  } catch (error) {
    if (error instanceof AwsUnreachableError) {
      io.stderr.write(`apigw-diagnose: ${error.message}\n`);
      return EXIT.unreachable;
    }
    throw error;
  }
}

function usageError(message: string, io: CliIo): number {
  const { problem, help } = explainUsageError(message, 'cli');
  io.stderr.write(`${problem}\n${help}\n\n${USAGE}\n`);
  return EXIT.usage;
}

async function runProbeCommand(args: string[], io: CliIo): Promise<number> {
  if (args[0] === 'deploy') {
    const { runProbeDeployCommand } = await import('./probe-deploy-command.js');
    return runProbeDeployCommand(args.slice(1), io);
  }
  if (args[0] === 'help' || args[0] === '--help' || args[0] === '-h') {
    io.stdout.write(`${PROBE_USAGE}\n`);
    return EXIT.healthy;
  }
  const why = args[0] === undefined ? 'probe needs a sub-command' : `unknown probe command '${args[0]}'`;
  io.stderr.write(`apigw-diagnose: ${why}\n\n${PROBE_USAGE}\n`);
  return EXIT.usage;
}
