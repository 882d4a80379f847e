// The terminal adapter: parse → diagnose → print. Exit codes (spec §3): 0 healthy, 1 broken/degraded/
// inconclusive, 2 bad usage, 3 could not reach AWS at all.

import { explainUsageError, parseArgs, USAGE } from '../command/parse.js';
import { AwsUnreachableError, runDiagnosis } from '../engine.js';
import { runProbeDeployCommand } from './probe-deploy-command.js';
import { renderText } from './render-text.js';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

export const EXIT = { healthy: 0, problem: 1, usage: 2, unreachable: 3 } as const;

export async function runCli(
  args: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  if (args[0] === 'probe') {
    if (args[1] === 'deploy') return runProbeDeployCommand(args.slice(2), io);
    io.stderr.write(`apigw-diagnose: unknown probe command '${args[1] ?? ''}' (try: probe deploy)\n`);
    return EXIT.usage;
  }

  const parsed = parseArgs(args, {
    defaultRegion: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? null,
  });
  if (parsed.kind === 'help') {
    // The usage text is shared with Slack; deploying the probe is a terminal-only command.
    io.stdout.write(`${USAGE}\n\nDeploy the in-VPC probe: apigw-diagnose probe deploy --help\n`);
    return EXIT.healthy;
  }
  if (parsed.kind === 'error') {
    const { problem, help } = explainUsageError(parsed.message);
    io.stderr.write(`${problem}\n${help}\n\n${USAGE}\n`);
    return EXIT.usage;
  }

  try {
    const report = await runDiagnosis(parsed.request, {
      ...(process.env.PROBE_FUNCTION ? { probeFunction: process.env.PROBE_FUNCTION } : {}),
    });
    io.stdout.write(
      parsed.json
        ? `${JSON.stringify(report, null, 2)}\n`
        : renderText(report, { colour: Boolean(io.stdout.isTTY) && !process.env.NO_COLOR }),
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
