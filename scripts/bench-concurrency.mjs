// `npm run bench` (part 3): many responders, one API. In an incident several people type the same command
// within seconds. This sends BENCH_RESPONDERS (default 50) signed `/apigw-diagnose` commands for one API at once
// to the built Slack app (Bolt's HTTP receiver on loopback, wired like src/main.ts: shared diagnoses and the
// process-wide pacer) with the real engine against moto_server behind a latency proxy, and prints:
// AWS calls in total ÷ one diagnosis's calls (goal ≤ 1.5), ack p50/p99, reports posted, wall time, peak RSS.
//
//   BENCH_RESPONDERS=50 BENCH_LATENCY_MS=100 npm run build && node scripts/bench-concurrency.mjs

import { startLatencyProxy } from './latency-proxy.mjs';
import { startMoto } from './moto-server.mjs';
import { useOfflineAwsInProcess } from './offline-aws-env.mjs';
import { REGION, seedScenario } from './seed-scenarios.mjs';
import { percentile, signedSlashCommand, startSlackStandIn } from './slack-requests.mjs';

const RESPONDERS = Number(process.env.BENCH_RESPONDERS ?? 50);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const SECRET = 'bench-signing-secret';
const SCENARIO = 'healthy';

useOfflineAwsInProcess();

async function waitUntil(condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

async function main() {
  const moto = await startMoto();
  const awsCalls = [];
  const proxy = await startLatencyProxy(moto.url, awsCalls, LATENCY_MS);
  const slack = await startSlackStandIn();
  let bot;
  try {
    const seeded = await seedScenario(SCENARIO, moto.url);
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${proxy.address().port}`;
    // The bench is a composition root: it reads the AWS settings the way the CLI does (config.ts).
    const { createEngine } = await import('../dist/engine.js');
    const { loadAwsEnvironment } = await import('../dist/config.js');
    const aws = loadAwsEnvironment(process.env);
    const runDiagnosis = createEngine({ aws: { maxAttempts: aws.maxAttempts }, defaultRegion: REGION });
    const { shareDiagnoses } = await import('../dist/diagnosis/shared-diagnoses.js');
    const { createSlackApp } = await import('../dist/slack/app.js');
    const { MemoryStateStore } = await import('../dist/state/memory-store.js');
    const { createLogger } = await import('../dist/log.js');
    const text = [seeded.target, '--region', REGION, '--no-probe', ...seeded.args].join(' ');

    // One diagnosis alone: the unit the concurrent run is measured in.
    const { parseArgs } = await import('../dist/command/parse.js');
    const parsed = parseArgs(text.split(' '), { defaultRegion: REGION });
    if (parsed.kind !== 'diagnose') throw new Error(`bad bench arguments: ${JSON.stringify(parsed)}`);
    await runDiagnosis(parsed.request);
    const oneDiagnosisCalls = awsCalls.length;
    awsCalls.length = 0;

    const shared = shareDiagnoses(runDiagnosis, { reuseMs: 10_000 });
    bot = createSlackApp({
      slack: {
        mode: 'http',
        botToken: 'xoxb-bench',
        signingSecret: SECRET,
        appToken: null,
        apiUrl: slack.url,
        botId: 'BBENCH0001',
        botUserId: 'UBENCH0001',
        retryConfig: { retries: 0 },
      },
      diagnose: shared.diagnose,
      remediatorFor: () => {
        throw new Error('no remediation in the benchmark');
      },
      store: new MemoryStateStore(),
      logger: createLogger({ level: 'silent' }),
      allowedUsers: new Set(),
      defaultRegion: REGION,
    });
    const { port } = await bot.start(0, '127.0.0.1');
    const url = `http://127.0.0.1:${port}/slack/events`;

    const channels = Array.from({ length: RESPONDERS }, (_, i) => `C0RESP${String(i).padStart(3, '0')}`);
    const started = performance.now();
    const acks = await Promise.all(
      channels.map(async (channelId, i) => {
        const request = signedSlashCommand(SECRET, {
          channelId,
          userId: `U0RESP${String(i).padStart(3, '0')}`,
          text,
        });
        const sent = performance.now();
        const response = await fetch(url, { method: 'POST', ...request });
        await response.text();
        return { ms: performance.now() - sent, status: response.status };
      }),
    );
    const reported = () =>
      new Set(
        slack.calls
          .filter(
            (call) =>
              call.method === 'chat.update' &&
              /healthy|degraded|broken|inconclusive/i.test(call.body.text ?? ''),
          )
          .map((call) => call.body.channel),
      ).size;
    const allPosted = await waitUntil(() => reported() >= RESPONDERS, 60_000);
    const wall = performance.now() - started;

    const ackMs = acks.map((ack) => ack.ms).sort((a, b) => a - b);
    const rssMb = process.resourceUsage().maxRSS / 1024;
    console.log(
      `apigw-diagnose concurrency bench — ${RESPONDERS} responders, one API, scenario '${SCENARIO}', ${LATENCY_MS} ms per AWS call`,
    );
    console.log(`AWS calls, one diagnosis alone   ${oneDiagnosisCalls}`);
    console.log(
      `AWS calls, ${RESPONDERS} concurrent commands ${awsCalls.length} (${(awsCalls.length / oneDiagnosisCalls).toFixed(2)}× one diagnosis; goal ≤ 1.5)`,
    );
    console.log(`diagnoses actually run           ${shared.started}`);
    console.log(
      `ack latency                      p50 ${percentile(ackMs, 50).toFixed(1)} ms, p99 ${percentile(ackMs, 99).toFixed(1)} ms, non-200: ${acks.filter((a) => a.status !== 200).length}`,
    );
    console.log(
      `reports posted                   ${reported()}/${RESPONDERS}${allPosted ? '' : ' (timed out after 60 s)'}`,
    );
    console.log(`wall time to the last report     ${Math.round(wall)} ms`);
    console.log(`peak RSS (whole process)         ${Math.round(rssMb)} MB (goal ≤ 200 MB)`);
    if (!allPosted || awsCalls.length / oneDiagnosisCalls > 1.5) process.exitCode = 1;
  } finally {
    await bot?.stop(10_000);
    slack.server.close();
    proxy.close();
    await moto.stop();
  }
}

main().catch((error) => {
  console.error(`bench-concurrency: ${error.message}`);
  process.exitCode = 1;
});
