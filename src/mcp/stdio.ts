// `apigw-diagnose mcp`: the MCP server over stdio, the way Claude Code, Amazon Q Developer and other local
// clients start one — a child process with the user's own AWS credentials, the CLI's configuration, and, when
// STATE_TABLE names the bot's table, the bot's sharing: one diagnosis per API however many agents and Slack
// users ask at once, and the API's recent diagnoses.
//
// stdout carries the protocol only; anything for a human goes to stderr.

import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { type AwsEnvironment, ConfigError, loadAwsEnvironment, loadSharingSettings } from '../config.js';
import { shareDiagnoses } from '../diagnosis/shared-diagnoses.js';
import { historyIn, recordingDiagnoses } from '../state/diagnosis-history.js';
import { createMcpServer } from './server.js';

export const MCP_USAGE = `Usage: apigw-diagnose mcp
  Serves the diagnosis to an MCP client over stdio (Claude Code, Amazon Q Developer, …): the client starts
  this command and talks to it on stdin/stdout. It uses your AWS credentials and the same environment as
  the command line (AWS_PROFILE, AWS_REGION, APIGW_DIAGNOSE_*, PROBE_FUNCTION); with STATE_TABLE it shares
  diagnoses and their history with the Slack bot. Tools: diagnose_private_api, explain_finding_code,
  list_recent_diagnoses (with STATE_TABLE). None changes AWS. See docs/mcp.md.`;

/** Messages from a local client are small; a larger buffer means a broken client, and the server stops. */
const MAX_STDIO_BUFFER_BYTES = 1024 * 1024;

export interface StdioIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

type Env = Record<string, string | undefined>;

/** Runs until the client closes stdin. Exit code 0, or 2 for bad usage or configuration (before serving). */
export async function runMcpStdio(args: string[], env: Env, io: StdioIo, version: string): Promise<number> {
  if (args.length === 1 && ['help', '--help', '-h'].includes(args[0] ?? '')) {
    io.stdout.write(`${MCP_USAGE}\n`);
    return 0;
  }
  if (args.length > 0) {
    io.stderr.write(`apigw-diagnose: mcp takes no arguments (got "${args.join(' ')}")\n\n${MCP_USAGE}\n`);
    return 2;
  }
  let aws: AwsEnvironment;
  let sharing: ReturnType<typeof loadSharingSettings>;
  try {
    aws = loadAwsEnvironment(env);
    sharing = loadSharingSettings(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`apigw-diagnose: ${error.message}\n`);
    return 2;
  }
  // The region and profile as the CLI resolves them (AWS_REGION, AWS_DEFAULT_REGION, else the profile's).
  const { missingProfile, resolveAwsProfile } = await import('../aws/profile.js');
  const profile = await resolveAwsProfile(env);
  const missing = missingProfile(profile);
  if (missing) {
    io.stderr.write(`apigw-diagnose: ${missing}\n`);
    return 2;
  }
  const local = await localEngine({ ...aws, defaultRegion: profile.region }, sharing, io.stderr);
  const server = createMcpServer({ ...local, version });
  const transport = new StdioServerTransport(io.stdin, io.stdout, { maxBufferSize: MAX_STDIO_BUFFER_BYTES });
  const clientGone = new Promise<void>((resolve) => {
    io.stdin.once('end', resolve);
    io.stdin.once('close', resolve);
    transport.onclose = resolve;
  });
  await server.connect(transport);
  await clientGone;
  await server.close();
  // The history is written after each report is returned: the last ones are finished before the process ends.
  await local.history?.flush();
  return 0;
}

/** The engine as the CLI builds it, shared through the bot's state table when one is named. */
async function localEngine(
  aws: AwsEnvironment,
  sharing: ReturnType<typeof loadSharingSettings>,
  stderr: Writable,
) {
  // Loaded here, not at the top: the AWS SDK is most of the start-up, and help or a usage error needs none of it.
  const [{ createEngine }, { Pacer }, { locationMemoryIn }] = await Promise.all([
    import('../engine.js'),
    import('../aws/pacing.js'),
    import('../aws/account-directory.js'),
  ]);
  const settings = { maxAttempts: aws.maxAttempts, pacer: new Pacer() };
  const table =
    sharing.stateTable === null
      ? null
      : (await import('../aws/dynamodb-state-store.js')).createDynamoDbStateStore(
          sharing.stateTable,
          aws.defaultRegion,
          settings,
        );
  const warn = (what: string) => (error: unknown) =>
    stderr.write(`apigw-diagnose: ${what}: ${error instanceof Error ? error.message : String(error)}\n`);
  const engine = createEngine({
    aws: settings,
    defaultRegion: aws.defaultRegion,
    requestLogRetryDelaysMs: aws.requestLogRetryDelaysMs,
    accounts: aws.accounts,
    ...(table ? { locationMemory: locationMemoryIn(table) } : {}),
  });
  const history = table ? historyIn(table) : null;
  const shared = shareDiagnoses(
    history ? recordingDiagnoses(engine, history, { onError: warn('history not saved') }) : engine,
    {
      reuseMs: sharing.diagnosisReuseMs,
      ...(table ? { board: table } : {}),
      onBoardError: warn('state table failed, diagnosing without sharing'),
    },
  );
  return {
    diagnose: shared.diagnose,
    defaultRegion: aws.defaultRegion,
    probeFunction: aws.probeFunction,
    history,
    onUnexpectedError: warn('unexpected error'),
  };
}
