// The one-minute demo, for someone without an AWS account (`npm run demo` builds first):
// starts moto_server (the AWS emulator) on a free loopback port, seeds a private API whose resource policy
// denies the caller's VPC endpoint, runs the real CLI against it, and stops the emulator.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MOTO_MISSING_MESSAGE, startMoto } from './moto-server.mjs';
import { offlineAwsEnv } from './offline-aws-env.mjs';
import { REGION, scenarioNamed, seedScenario } from './seed-scenarios.mjs';

const SCENARIO = 'policy-denies-vpce';
// The seeding clients run in this process: keep the SDK's Node-20 deprecation notice out of the demo.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const CLI_PATH = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

function say(line) {
  process.stderr.write(`demo: ${line}\n`);
}

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

async function main() {
  if (!existsSync(CLI_PATH)) {
    say(`${CLI_PATH} is missing: run npm run build first (npm run demo does it for you)`);
    return 1;
  }

  let moto;
  try {
    moto = await startMoto();
  } catch (error) {
    if (error.message === MOTO_MISSING_MESSAGE) {
      say('this demo needs moto_server, the AWS emulator (Python). Install it with:');
      say("    pip install 'moto[server]'");
      say('then run npm run demo again.');
      return 1;
    }
    throw error;
  }

  // Stop the emulator however the demo ends, Ctrl-C included.
  const stopOnSignal = () => moto.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    say(`moto_server is listening on ${moto.url}`);
    const scenario = scenarioNamed(SCENARIO);
    const seeded = await seedScenario(SCENARIO, moto.url);
    say(`seeded a private API ${seeded.apiId} in which ${scenario.summary}`);
    const args = [seeded.target, '--region', REGION, '--no-probe', ...seeded.args];
    say(`running: apigw-diagnose ${args.join(' ')}\n`);

    const code = await runCli(args, {
      ...process.env,
      ...offlineAwsEnv(moto.url),
    });
    process.stderr.write('\n');
    say(
      `the diagnosis should name ${scenario.expected.primaryCause} (CLI exit code ${code}; 1 means "broken").`,
    );
    // Exit 0 or 1 is a diagnosis the demo meant to show; anything else is a failure of the demo itself.
    return code === 0 || code === 1 ? 0 : (code ?? 1);
  } finally {
    await moto.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    say(`failed: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  },
);
