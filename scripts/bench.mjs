// `npm run bench`: does a diagnosis take as long as its longest chain of dependent AWS calls, or their sum?
//
// Seeds the healthy scenario into moto_server, puts a loopback proxy in front of it that holds every AWS request
// for a fixed latency (as a real region would), runs the built engine several times through it, and prints:
// AWS calls per diagnosis, the sum of their times (what a one-call-at-a-time engine would take), the longest
// chain of calls that ran one after another (the lower bound for any engine), and the measured wall time.
//
//   BENCH_LATENCY_MS=100 BENCH_RUNS=10 npm run bench

import { startLatencyProxy } from './latency-proxy.mjs';
import { startMoto } from './moto-server.mjs';
import { useOfflineAwsInProcess } from './offline-aws-env.mjs';
import { REGION, seedScenario } from './seed-scenarios.mjs';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const SCENARIO = 'healthy';

useOfflineAwsInProcess();

/** The longest sequence of calls in which each started after the previous one ended. */
function longestChain(calls) {
  const sorted = [...calls].sort((a, b) => a.ended - b.ended);
  const best = sorted.map((call) => ({ length: 1, ms: call.ended - call.started }));
  for (let i = 0; i < sorted.length; i++) {
    for (let j = 0; j < i; j++) {
      if (sorted[j].ended <= sorted[i].started && best[j].length + 1 > best[i].length) {
        best[i] = { length: best[j].length + 1, ms: best[j].ms + (sorted[i].ended - sorted[i].started) };
      }
    }
  }
  return best.reduce((a, b) => (b.length > a.length || (b.length === a.length && b.ms > a.ms) ? b : a), {
    length: 0,
    ms: 0,
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x);

async function main() {
  const moto = await startMoto();
  const calls = [];
  const proxy = await startLatencyProxy(moto.url, calls, LATENCY_MS);
  try {
    const seeded = await seedScenario(SCENARIO, moto.url);
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${proxy.address().port}`;
    // The bench is a composition root: it reads the AWS settings the way the CLI does (config.ts).
    const { createEngine } = await import('../dist/engine.js');
    const { loadAwsEnvironment } = await import('../dist/config.js');
    const aws = loadAwsEnvironment(process.env);
    const runDiagnosis = createEngine({ aws: { maxAttempts: aws.maxAttempts }, defaultRegion: REGION });
    const { parseArgs } = await import('../dist/command/parse.js');
    const parsed = parseArgs([seeded.target, '--region', REGION, '--no-probe', ...seeded.args], {
      defaultRegion: REGION,
    });
    if (parsed.kind !== 'diagnose') throw new Error(`bad bench arguments: ${JSON.stringify(parsed)}`);

    const rows = [];
    for (let run = 0; run < RUNS; run++) {
      calls.length = 0;
      const started = performance.now();
      const report = await runDiagnosis(parsed.request);
      const wall = performance.now() - started;
      const sum = calls.reduce((total, c) => total + (c.ended - c.started), 0);
      rows.push({ wall, sum, calls: calls.length, chain: longestChain(calls), verdict: report.verdict });
    }

    const chain = rows[0].chain;
    console.log(
      `apigw-diagnose bench — scenario '${SCENARIO}', ${LATENCY_MS} ms added to every AWS call, ${RUNS} runs`,
    );
    console.log(`verdict                          ${rows[0].verdict}`);
    console.log(`AWS calls per diagnosis          ${rows[0].calls}`);
    console.log(`sum of call times (sequential)   median ${round(median(rows.map((r) => r.sum)))} ms`);
    console.log(`longest chain of dependent calls ${chain.length} calls, ${round(chain.ms)} ms (first run)`);
    console.log(
      `wall time                        median ${round(median(rows.map((r) => r.wall)))} ms, max ${round(Math.max(...rows.map((r) => r.wall)))} ms`,
    );
    console.log(
      `wall / sum                       ${(median(rows.map((r) => r.wall)) / median(rows.map((r) => r.sum))).toFixed(2)} (1.00 would be one call at a time)`,
    );
  } finally {
    proxy.close();
    await moto.stop();
  }
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});
