// `npm run bench` (part 5): one private API among many accounts. An API id does not name its account, so the
// first diagnosis searches every configured account at once (one AssumeRole and one GetRestApi in each, paced per
// account; AssumeRole shares the process's STS budget) and remembers where it found the API; the next diagnosis
// goes straight there. Seeds a cross-account API (producer 111111111111, consumer 222222222222) into moto_server,
// configures BENCH_ACCOUNTS (default 50) accounts with the read role (moto's AssumeRole answers for any account;
// the roles need not exist) behind a latency proxy, and prints, for a cold run, a remembered run on the same engine
// and an `--account` run on a fresh engine: wall time, AWS calls per service, AssumeRole calls and the verdict.
//
//   BENCH_ACCOUNTS=50 BENCH_LATENCY_MS=100 npm run build && node scripts/bench-accounts.mjs

import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { startLatencyProxy } from './latency-proxy.mjs';
import { startMoto } from './moto-server.mjs';
import { useOfflineAwsInProcess } from './offline-aws-env.mjs';
import {
  CONSUMER_ACCOUNT,
  createAccountClients,
  PRODUCER_ACCOUNT,
  READ_ROLE,
  REGION,
  seedCrossAccount,
} from './seed-scenarios.mjs';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 50);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);

useOfflineAwsInProcess();

/** The producer, the consumer and made-up 12-digit accounts (3000000000NN) up to ACCOUNTS in all. */
function accountIds() {
  const others = Array.from(
    { length: Math.max(0, ACCOUNTS - 2) },
    (_, i) => `3${String(i).padStart(11, '0')}`,
  );
  return [PRODUCER_ACCOUNT, CONSUMER_ACCOUNT, ...others];
}

/** Non-zero per-service counts, e.g. `apigateway 51, ec2 12, sts 1`. */
const perService = (counts) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([service, n]) => `${service} ${n}`)
    .join(', ');
const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * moto builds an account's EC2 backend (its default VPC and subnets) on the first EC2 call in it, one account at a
 * time: untouched, the cold run's DescribeVpcEndpoints in 48 new accounts would wait ~4 s for moto, not for the
 * engine. Real accounts already exist, so each is touched once beforehand, straight to moto (no proxy, not timed).
 */
async function warmUpAccounts(endpoint, ids) {
  for (const id of ids) {
    const clients = await createAccountClients(endpoint, id);
    try {
      await clients.ec2.send(new DescribeVpcsCommand({}));
    } finally {
      for (const client of Object.values(clients)) client.destroy();
    }
  }
}

async function main() {
  const moto = await startMoto();
  const calls = [];
  const proxy = await startLatencyProxy(moto.url, calls, LATENCY_MS);
  try {
    const seeded = await seedCrossAccount(moto.url);
    await warmUpAccounts(moto.url, accountIds());
    const { createEngineWithAccounts } = await import('../dist/engine.js');
    const { loadAwsEnvironment, NO_ACCOUNTS } = await import('../dist/config.js');
    const { DEFAULT_PACE_LIMITS } = await import('../dist/aws/pacing.js');
    const aws = loadAwsEnvironment(process.env);
    const accounts = { ...NO_ACCOUNTS, readRole: READ_ROLE, accountIds: accountIds() };
    // Every client (AssumeRole included) goes through the latency proxy.
    const newEngine = () =>
      createEngineWithAccounts({
        aws: { endpoint: `http://127.0.0.1:${proxy.address().port}`, maxAttempts: aws.maxAttempts },
        defaultRegion: REGION,
        accounts,
      });
    // The request the CLI builds from `<private-dns URL> --no-probe` (as in test/integration/accounts-engine).
    const request = (extra = {}) => ({
      apiId: seeded.apiId,
      region: REGION,
      stage: seeded.stage,
      urlForm: 'private-dns',
      url: seeded.url,
      vpcId: null,
      vpceId: null,
      customDomain: null,
      callerSecurityGroupIds: [],
      sinceMs: 15 * 60_000,
      probe: false,
      ...extra,
    });

    /** One diagnosis: its figures, and when the last AssumeRole of it answered (STS pacing's share of the wall). */
    const measure = async (label, engine, foundBy, extra) => {
      calls.length = 0;
      const started = performance.now();
      const report = await engine.run(request(extra));
      const wall = performance.now() - started;
      const assumes = calls.filter((c) => c.what === 'AssumeRole');
      const lastAssume = assumes.length > 0 ? Math.max(...assumes.map((c) => c.ended)) - started : 0;
      return {
        label,
        wall,
        lastAssume,
        counts: report.stats.awsCalls,
        proxied: calls.length,
        assumedSoFar: engine.directory?.sessions.assumeRoleCalls() ?? 0,
        verdict: report.verdict,
        producer: report.target.accountId,
        // The report does not say how the account was known (facts.accounts.producerFoundBy stays internal):
        // this is the path each run takes by construction.
        foundBy,
      };
    };

    const engine = newEngine();
    const rows = [
      await measure('1. cold (search)', engine, 'search of every account'),
      await measure('2. same engine', engine, 'remembered location'),
      await measure('3. fresh engine, --account', newEngine(), '--account hint', {
        accountId: PRODUCER_ACCOUNT,
      }),
    ];

    console.log(
      `apigw-diagnose accounts bench — one API among ${ACCOUNTS} accounts (+ the tool's own), ${LATENCY_MS} ms per AWS call`,
    );
    console.log('');
    console.log(
      '| run | wall ms | AWS calls (report) | per service | via proxy (incl. AssumeRole) | AssumeRole so far | last AssumeRole at | verdict | API account | found by |',
    );
    console.log('|---|---:|---:|---|---:|---:|---:|---|---|---|');
    for (const r of rows) {
      console.log(
        `| ${r.label} | ${Math.round(r.wall)} | ${total(r.counts)} | ${perService(r.counts)} | ${r.proxied} | ${r.assumedSoFar} | ${r.lastAssume ? `${Math.round(r.lastAssume)} ms` : '—'} | ${r.verdict} | ${r.producer} | ${r.foundBy} |`,
      );
    }

    // AssumeRole shares one STS bucket per process (not one per account): its floor for a cold search.
    const sts = DEFAULT_PACE_LIMITS.sts;
    const floorMs = (Math.max(0, rows[0].assumedSoFar - sts.burst) / sts.ratePerSecond) * 1000;
    console.log('');
    console.log(
      `STS pacing (${sts.ratePerSecond}/s, burst ${sts.burst}): ${rows[0].assumedSoFar} AssumeRole take ≥ ${Math.round(floorMs)} ms + one call; the cold run's last answered at ${Math.round(rows[0].lastAssume)} ms of ${Math.round(rows[0].wall)} ms`,
    );

    // Sanity, not timing: every run healthy, and the remembered run reads API Gateway in fewer accounts.
    const [cold, warm] = rows;
    const problems = [
      ...rows.filter((r) => r.verdict !== 'healthy').map((r) => `${r.label}: verdict ${r.verdict}`),
      ...(warm.counts.apigateway >= cold.counts.apigateway
        ? [
            `remembered run made ${warm.counts.apigateway} API Gateway calls, cold run ${cold.counts.apigateway}`,
          ]
        : []),
    ];
    for (const problem of problems) console.error(`bench-accounts: ${problem}`);
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    proxy.close();
    await moto.stop();
  }
}

main().catch((error) => {
  console.error(`bench-accounts: ${error.message}`);
  process.exitCode = 1;
});
