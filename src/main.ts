// `npm start`: load the configuration (fail fast, naming the variable), build the Slack app with the real
// engine and remediator, start in HTTP or Socket Mode, and shut down gracefully on SIGTERM/SIGINT.
//
// The configuration is checked before anything heavy loads, and the AWS SDK clients load with the first
// diagnosis or fix plan, not at start: the EC2 client alone costs about 90 MB while it loads, and an idle bot
// (or one that only answers help) needs none of them.

import { Pacer } from './aws/pacing.js';
import { ConfigError, loadConfig } from './config.js';
import type { RunDiagnosis } from './engine.js';
import { createLogger, logProcessWarnings, scrubText } from './log.js';
import type { Remediator } from './remediation/types.js';
import { historyIn, recordingDiagnoses } from './state/diagnosis-history.js';

/** How long shutdown waits for running diagnoses and fixes (container runtimes allow ~30 s by default). */
const DRAIN_MS = 20_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`apigw-diagnose: configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // The region and profile as the AWS CLI resolves them: AWS_REGION, AWS_DEFAULT_REGION, else the profile's.
  const { missingProfile, resolveAwsProfile } = await import('./aws/profile.js');
  const profile = await resolveAwsProfile(process.env);
  const missing = missingProfile(profile);
  if (missing) {
    process.stderr.write(`apigw-diagnose: configuration error: ${missing}\n`);
    process.exit(1);
  }
  const defaultRegion = profile.region;
  const logger = createLogger({ level: config.logLevel });
  // Before any AWS client exists: the SDK warns about the Node version when the first one is built.
  logProcessWarnings(logger);
  keepServingOnStrayErrors(logger);
  const roleArn = config.remediationRoleArn;
  // One AWS stack: every client of the process (diagnoses, fix plans and fixes, the state table) retries alike,
  // and one pacer keeps the diagnoses and the fixes together below AWS's per-account limits.
  const aws = { maxAttempts: config.maxAttempts, pacer: new Pacer() };
  // Several replicas must share threads, fix locks and diagnoses; a single process keeps them in memory.
  const sharedTable =
    config.stateTable === null
      ? null
      : (await import('./aws/dynamodb-state-store.js')).createDynamoDbStateStore(
          config.stateTable,
          defaultRegion,
          aws,
        );
  const { MemoryStateStore } = await import('./state/memory-store.js');
  const store = sharedTable ?? new MemoryStateStore();
  // Several accounts: one directory (assumed roles, where each API and endpoint was found) for the diagnoses and
  // the fixes; the locations are kept in the state store, so every replica goes straight there.
  const accountDirectory = config.accounts.readRole ? await import('./aws/account-directory.js') : null;
  const directoryFor = accountDirectory
    ? accountDirectory.processAccountDirectory({
        settings: aws,
        accounts: config.accounts,
        defaultRegion,
        memory: accountDirectory.locationMemoryIn(store),
      })
    : null;
  const engine = once(async () =>
    (await import('./engine.js')).createEngine({
      aws,
      defaultRegion,
      requestLogRetryDelaysMs: config.requestLogRetryDelaysMs,
      accounts: config.accounts,
      directory: directoryFor,
    }),
  );
  const runDiagnosis: RunDiagnosis = async (request, options) => (await engine())(request, options);
  const { shareDiagnoses } = await import('./diagnosis/shared-diagnoses.js');
  const { withAfterApply } = await import('./remediation/after-apply.js');
  const { createSlackApp } = await import('./slack/app.js').catch(explainMissingBolt);
  // Every diagnosis run, whoever asked (Slack or an agent), is kept for a day in the API's history.
  const history = historyIn(store);
  const recorded = recordingDiagnoses(runDiagnosis, history, {
    onError: (error) => logger.warn({ err: error }, 'diagnosis history not saved'),
  });
  // Several responders, one API: identical diagnoses share one run (across replicas through the state table);
  // a fix makes the next one start afresh.
  const shared = shareDiagnoses(recorded, {
    reuseMs: config.diagnosisReuseMs,
    ...(sharedTable ? { board: sharedTable } : {}),
    onBoardError: (error) => logger.warn({ err: error }, 'state table failed: diagnosing without sharing'),
  });
  const bot = createSlackApp({
    slack: {
      mode: config.mode,
      botToken: config.slackBotToken,
      signingSecret: config.slackSigningSecret,
      appToken: config.slackAppToken,
      apiUrl: config.slackApiUrl,
    },
    diagnose: shared.diagnose,
    remediatorFor: (region, options) =>
      withAfterApply(
        lazyRemediator(async () => {
          const directory = directoryFor?.(region) ?? null;
          return (await import('./aws/remediation-gateway.js')).createRemediator(region, {
            roleArn,
            aws,
            ...(directory ? { accounts: directory.remediationAccounts(region, roleArn) } : {}),
            ...options,
          });
        }),
        (target) => shared.invalidate(target.apiId, target.region),
      ),
    store,
    logger,
    allowedUsers: config.remediationAllowedUsers,
    defaultRegion,
    probeFunction: config.probeFunction,
  });
  const { port } = await bot.start(config.port);
  // Remote agents share the engine (pacing, single-flight, history) with Slack; no token, no endpoint.
  const mcp = config.mcp.token
    ? await (await import('./mcp/remote.js')).serveRemoteMcp({
        token: config.mcp.token,
        port: config.mcp.port,
        tools: {
          diagnose: shared.diagnose,
          defaultRegion,
          probeFunction: config.probeFunction,
          history,
        },
        logger,
      })
    : null;
  logger.info(
    {
      mode: config.mode,
      port,
      allowedUsers: config.remediationAllowedUsers.size,
      roleArn: roleArn !== null,
      stateTable: config.stateTable,
      mcpPort: mcp?.port ?? null,
    },
    'apigw-diagnose is running',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight: bot.inFlight.size }, 'shutting down: finishing running work');
    const [{ drained }] = await Promise.all([bot.stop(DRAIN_MS), mcp?.close(DRAIN_MS)]);
    // The history is written after each report is sent: the last ones are finished before the process ends.
    await history.flush();
    logger.info({ drained }, drained ? 'stopped' : 'stopped with work still running');
    process.exit(drained ? 0 : 1);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/**
 * Bolt is an optional dependency (a command-line install leaves it out with --omit=optional): the bot says how
 * to get it rather than failing on a module path.
 */
function explainMissingBolt(error: unknown): never {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes('@slack/bolt')) {
    throw new Error(
      'the Slack bot needs @slack/bolt, an optional dependency this install left out: run npm install ' +
        '(without --omit=optional) where the bot runs',
    );
  }
  throw error;
}

/** The value of `make`, made on the first call and shared by every later one. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | null = null;
  return () => {
    made ??= make();
    return made;
  };
}

/** A remediator whose AWS clients load with its first plan or fix. */
function lazyRemediator(load: () => Promise<Remediator>): Remediator {
  const remediator = once(load);
  return {
    plan: async (fix, target) => (await remediator()).plan(fix, target),
    apply: async (fix, target, actor) => (await remediator()).apply(fix, target, actor),
    undo: async (fix, target, record, actor) => (await remediator()).undo(fix, target, record, actor),
  };
}

/**
 * The last resort: an error that escaped every request's own handling (a bug, or a library's detached
 * promise) is logged and the process keeps serving, so one bad request never ends the others in flight.
 */
function keepServingOnStrayErrors(logger: ReturnType<typeof createLogger>): void {
  process.on('uncaughtException', (err) => logger.error({ err }, 'uncaught exception: kept serving'));
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: reason }, 'unhandled promise rejection: kept serving'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `apigw-diagnose: failed to start: ${scrubText(error instanceof Error ? error.message : String(error))}\n`,
  );
  process.exit(1);
});
