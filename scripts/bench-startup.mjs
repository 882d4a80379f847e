// `npm run bench` (start-up part): what one run of the command-line tool costs as a whole process — node's own
// start, loading modules, and for a diagnosis the AWS calls — measured from outside: wall time around the child
// process, its CPU time and its peak resident memory (process.resourceUsage(), read by an exit hook given to
// the child with --import). Two commands: `help` (loads no AWS client) and a diagnosis of the seeded healthy scenario
// straight against moto_server (no added latency), so what is left is the tool's fixed cost.
//
//   BENCH_STARTUP_RUNS=7 BENCH_CLI=dist/cli/main.js node scripts/bench-startup.mjs

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMoto } from './moto-server.mjs';
import { OFFLINE_AWS_ENV } from './offline-aws-env.mjs';
import { REGION, seedScenario } from './seed-scenarios.mjs';

// The seeding below uses the SDK in this process; its Node-version notice is not what is measured here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
const CLI = resolve(process.env.BENCH_CLI ?? new URL('../dist/cli/main.js', import.meta.url).pathname);

const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
const usageFile = join(dir, 'resource-usage.json');
// An ESM module as a data: URL, so the child needs no extra file: on exit it writes its peak RSS (KiB) and its
// CPU time (µs, user + system), which unlike wall time hardly depends on what else the machine is doing.
const HOOK = `data:text/javascript,${encodeURIComponent(
  `import { writeFileSync } from 'node:fs';
   process.on('exit', () => writeFileSync(${JSON.stringify(usageFile)}, JSON.stringify(process.resourceUsage())));`,
)}`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the CLI RUNS times; returns the median wall time (ms) and peak RSS (MB) and the exit codes seen. */
/**
 * Runs a child to its end without blocking this process: the moto launcher's loopback front (it answers CloudTrail
 * LookupEvents) runs in this process, so a synchronous spawn would leave the child's calls unanswered.
 */
function runChild(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status }));
  });
}

async function measure(args, env, script = CLI) {
  const walls = [];
  const rss = [];
  const cpu = [];
  const statuses = new Map();
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const child = await runChild(['--import', HOOK, ...(script ? [script] : []), ...args], env);
    walls.push(performance.now() - started);
    const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
    rss.push(usage.maxRSS / 1024);
    cpu.push((usage.userCPUTime + usage.systemCPUTime) / 1000);
    statuses.set(child.status, (statuses.get(child.status) ?? 0) + 1);
  }
  // A diagnosis whose AWS call timed out on a busy machine exits 1 (not healthy): shown, not hidden.
  const exits = [...statuses].map(([code, n]) => `${code}×${n}`).join(' ');
  return {
    wallMs: Math.round(median(walls)),
    cpuMs: Math.round(median(cpu)),
    rssMb: Math.round(median(rss)),
    exits,
  };
}

async function main() {
  const baseEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    ...OFFLINE_AWS_ENV,
    NO_COLOR: '1',
  };
  // Node itself, for scale: what any command costs before the tool's first line runs.
  const rows = [['node -e 0 (node alone)', await measure(['-e', '0'], baseEnv, null)]];
  rows.push(['help', await measure(['help'], baseEnv)]);

  const moto = await startMoto();
  try {
    const seeded = await seedScenario('healthy', moto.url);
    const args = [seeded.target, '--region', REGION, '--no-probe', '--json', ...seeded.args];
    rows.push([
      'diagnosis (moto, 0 ms latency)',
      await measure(args, { ...baseEnv, AWS_ENDPOINT_URL: moto.url }),
    ]);
  } finally {
    await moto.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(`apigw-diagnose start-up — whole process, node ${process.version}, median of ${RUNS} runs`);
  for (const [name, m] of rows) {
    console.log(
      `${name.padEnd(32)} wall ${String(m.wallMs).padStart(5)} ms   CPU ${String(m.cpuMs).padStart(5)} ms   peak RSS ${String(m.rssMb).padStart(3)} MB   exit codes ${m.exits}`,
    );
  }
}

main().catch((error) => {
  console.error(`bench-startup: ${error.message}`);
  process.exitCode = 1;
});
