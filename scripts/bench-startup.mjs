// `npm run bench` (start-up part): what one run of the command-line tool costs as a whole process — node's own
// start, loading modules, and for a diagnosis the AWS calls — measured from outside: wall time around the child
// process and its peak resident memory (process.resourceUsage().maxRSS, read by an exit hook given to the child
// with --import). Two commands: `help` (loads no AWS client) and a diagnosis of the seeded healthy scenario
// straight against moto_server (no added latency), so what is left is the tool's fixed cost.
//
//   BENCH_STARTUP_RUNS=7 BENCH_CLI=dist/cli/main.js node scripts/bench-startup.mjs

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMoto } from './moto-server.mjs';
import { REGION, seedScenario } from './seed-scenarios.mjs';

// The seeding below uses the SDK in this process; its Node-version notice is not what is measured here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
const CLI = resolve(process.env.BENCH_CLI ?? new URL('../dist/cli/main.js', import.meta.url).pathname);

const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
const rssFile = join(dir, 'max-rss-kb');
// An ESM module as a data: URL, so the child needs no extra file: write the peak RSS (KiB) when it exits.
const HOOK = `data:text/javascript,${encodeURIComponent(
  `import { writeFileSync } from 'node:fs';
   process.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`,
)}`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the CLI RUNS times; returns the median wall time (ms) and peak RSS (MB) and the last exit code. */
function measure(args, env, script = CLI) {
  const walls = [];
  const rss = [];
  let status = null;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const child = spawnSync(process.execPath, ['--import', HOOK, ...(script ? [script] : []), ...args], {
      env,
      encoding: 'utf8',
    });
    walls.push(performance.now() - started);
    rss.push(Number(readFileSync(rssFile, 'utf8')) / 1024);
    status = child.status;
    if (child.error) throw child.error;
  }
  return { wallMs: Math.round(median(walls)), rssMb: Math.round(median(rss)), status };
}

async function main() {
  const baseEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    APIGW_DIAGNOSE_MAX_ATTEMPTS: '1',
    NO_COLOR: '1',
  };
  // Node itself, for scale: what any command costs before the tool's first line runs.
  const rows = [['node -e 0 (node alone)', measure(['-e', '0'], baseEnv, null)]];
  rows.push(['help', measure(['help'], baseEnv)]);

  const moto = await startMoto();
  try {
    const seeded = await seedScenario('healthy', moto.url);
    const args = [seeded.target, '--region', REGION, '--no-probe', '--json', ...seeded.args];
    rows.push(['diagnosis (moto, 0 ms latency)', measure(args, { ...baseEnv, AWS_ENDPOINT_URL: moto.url })]);
  } finally {
    await moto.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(`apigw-diagnose start-up — whole process, node ${process.version}, median of ${RUNS} runs`);
  for (const [name, m] of rows) {
    console.log(
      `${name.padEnd(32)} wall ${String(m.wallMs).padStart(5)} ms   peak RSS ${m.rssMb} MB   exit ${m.status}`,
    );
  }
}

main().catch((error) => {
  console.error(`bench-startup: ${error.message}`);
  process.exitCode = 1;
});
