// The sandbox (`npm run sandbox`, which builds first): the seeded scenarios in moto_server, the real CLI against
// any of them by name, and the real bot (`node dist/main.js`, HTTP mode) against a loopback Slack Web API
// stand-in, driven by signed slash commands as Slack sends them. Every message the bot posts is written to a
// file with a link that opens it in Slack's Block Kit Builder. No Slack workspace, no AWS account: everything
// listens on 127.0.0.1, and it all stops when the command ends, on Ctrl-C, or after IDLE_LIMIT_MS without input.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { onJsonLines } from './json-lines.mjs';
import { MOTO_MISSING_MESSAGE, startMoto } from './moto-server.mjs';
import { offlineAwsEnv } from './offline-aws-env.mjs';
import { REGION, SCENARIOS, scenarioNamed, seedScenario } from './seed-scenarios.mjs';
import { startSlackApi } from './slack-api-stand-in.mjs';
import { signedSlashCommand } from './slack-requests.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI_PATH = join(ROOT, 'dist/cli/main.js');
const BOT_PATH = join(ROOT, 'dist/main.js');
const DEFAULT_OUT = join(ROOT, '.tmp/sandbox');
/** One diagnosis against moto takes a second or two; this only bounds a bot that never answers. */
const DIAGNOSIS_LIMIT_MS = 90_000;
/** The interactive prompt gives up (and stops everything) after this long without input. */
const IDLE_LIMIT_MS = 15 * 60_000;
const CHANNEL_ID = 'C0SANDBOX1';
const USER_ID = 'U0SANDBOX1';

export const BLOCK_KIT_BUILDER = 'https://app.slack.com/block-kit-builder/#';

export const USAGE = `usage: npm run sandbox [-- <command>] [--out <dir>]
  (none)             interactive: pick scenarios by name or number
  list               the seeded scenarios
  <scenario>         the CLI's report, then the bot's Slack messages, for one scenario
  cli <scenario>     the CLI's report only
  slack <scenario>   the bot's Slack messages only
  --out <dir>        where the bot's messages are written (default .tmp/sandbox)`;

/** A link that opens `blocks` in Slack's Block Kit Builder (the message travels in the URL's fragment). */
export function blockKitBuilderUrl(blocks) {
  return `${BLOCK_KIT_BUILDER}${encodeURIComponent(JSON.stringify({ blocks }))}`;
}

/** `{ command, scenario, out }` from argv, or `{ error }`: nothing starts on bad input. */
export function parseSandboxArgs(argv) {
  const args = [...argv];
  let out = DEFAULT_OUT;
  const outAt = args.indexOf('--out');
  if (outAt !== -1) {
    const dir = args[outAt + 1];
    if (!dir || dir.startsWith('-')) return { error: '--out needs a directory' };
    out = resolve(dir);
    args.splice(outAt, 2);
  }
  const unknownOption = args.find((arg) => arg.startsWith('-'));
  if (unknownOption) return { error: `unknown option ${unknownOption}` };
  const [first, second, ...rest] = args;
  if (rest.length > 0) return { error: `unexpected ${rest.join(' ')}` };
  if (first === undefined) return { command: 'interactive', scenario: null, out };
  if (first === 'list' && second === undefined) return { command: 'list', scenario: null, out };
  const [command, name] = first === 'cli' || first === 'slack' ? [first, second] : ['both', first];
  if (command === 'both' && second !== undefined) return { error: `unexpected ${second}` };
  if (name === undefined) return { error: `${command} needs a scenario name (npm run sandbox -- list)` };
  if (!SCENARIOS.some((scenario) => scenario.name === name)) {
    return { error: `no scenario named "${name}" (npm run sandbox -- list)` };
  }
  return { command, scenario: name, out };
}

function say(line) {
  process.stderr.write(`sandbox: ${line}\n`);
}

function scenarioList() {
  const width = Math.max(...SCENARIOS.map((scenario) => scenario.name.length));
  return SCENARIOS.map(
    (scenario, index) =>
      `${String(index + 1).padStart(2)}. ${scenario.name.padEnd(width)}  when ${scenario.summary}`,
  ).join('\n');
}

// ---- the bot -------------------------------------------------------------------------------------------

/** Starts `node dist/main.js` in HTTP mode; resolves once it logs that it is running. */
function startBot(env) {
  return new Promise((ready, fail) => {
    const child = spawn(process.execPath, [BOT_PATH], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const bot = { child, port: 0, listeners: new Set(), stderr: '' };
    onJsonLines(child.stdout, (entry) => {
      if (entry.msg === 'apigw-diagnose is running') {
        bot.port = entry.port;
        ready(bot);
      }
      for (const listener of bot.listeners) listener(entry);
    });
    child.stderr.on('data', (chunk) => {
      bot.stderr = (bot.stderr + chunk.toString()).slice(-4000);
    });
    child.once('exit', (code) => fail(new Error(`the bot exited at start (code ${code}): ${bot.stderr}`)));
  });
}

function stopBot(bot) {
  if (bot.child.exitCode !== null || bot.child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => bot.child.kill('SIGKILL'), 10_000);
    bot.child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    bot.child.kill('SIGTERM');
  });
}

/** Resolves with the log line that ends a diagnosis in Slack: published, AWS unreachable, or an error. */
function diagnosisEnd(bot) {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      bot.listeners.delete(listener);
      fail(new Error(`the bot did not finish within ${DIAGNOSIS_LIMIT_MS / 1000} s`));
    }, DIAGNOSIS_LIMIT_MS);
    const listener = (entry) => {
      if (entry.msg === 'diagnosis published' || entry.msg === 'AWS unreachable' || entry.level >= 50) {
        clearTimeout(timer);
        bot.listeners.delete(listener);
        done(entry);
      }
    };
    bot.listeners.add(listener);
  });
}

// ---- the session ---------------------------------------------------------------------------------------

function messageFileName(index, method) {
  return `${String(index).padStart(2, '0')}-${method.replaceAll('.', '-')}.json`;
}

/** moto, the Slack stand-in and (on first use) the bot, shared by every scenario run in this session. */
async function startSession(out) {
  const moto = await startMoto();
  const slack = await startSlackApi();
  const secret = randomBytes(32).toString('hex');
  let bot = null;

  async function seed(name) {
    await moto.reset();
    return seedScenario(name, moto.url);
  }

  function runCli(seeded) {
    const args = [seeded.target, '--region', REGION, '--no-probe', ...seeded.args];
    say(`apigw-diagnose ${args.join(' ')}\n`);
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, [CLI_PATH, ...args], {
        env: { ...process.env, ...offlineAwsEnv(moto.url) },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.once('error', fail);
      child.once('close', (code) => done(code));
    });
  }

  async function runSlack(name, seeded) {
    bot ??= await startBot({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...offlineAwsEnv(moto.url),
      SLACK_BOT_TOKEN: 'xoxb-sandbox',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: slack.url,
      REMEDIATION_ALLOWED_USERS: USER_ID,
      PORT: '0',
      LOG_LEVEL: 'info',
    });
    const text = [seeded.target, '--no-probe', ...seeded.args].join(' ');
    say(`/apigw-diagnose ${text}`);
    slack.reset();
    const ended = diagnosisEnd(bot);
    const request = signedSlashCommand(secret, {
      channelId: CHANNEL_ID,
      userId: USER_ID,
      text,
      // Recorded as the method `response_url`: the name of its files beside the Web API methods'.
      responseUrl: `${slack.url}response_url`,
    });
    const response = await fetch(`http://127.0.0.1:${bot.port}/slack/events`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    if (response.status !== 200)
      throw new Error(`the bot answered the slash command with ${response.status}`);
    const end = await ended;
    return { end, files: writeMessages(join(out, name), postedMessages(slack.calls)) };
  }

  async function stop() {
    if (bot) await stopBot(bot);
    await slack.stop();
    await moto.stop();
  }

  return { seed, runCli, runSlack, stop };
}

/** The calls that carried a message (blocks), in the order the bot made them. */
function postedMessages(calls) {
  return calls
    .filter((call) => Array.isArray(call.body.blocks))
    .map((call) => ({ method: call.method, blocks: call.body.blocks, threaded: !!call.body.thread_ts }));
}

/** One JSON file per message (`{"blocks": [...]}`, what Block Kit Builder takes) and an index of links. */
function writeMessages(dir, messages) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const lines = [];
  const files = messages.map((message, index) => {
    const name = messageFileName(index + 1, message.method);
    writeFileSync(join(dir, name), `${JSON.stringify({ blocks: message.blocks }, null, 2)}\n`);
    const where = message.threaded ? 'in the thread' : 'in the channel';
    lines.push(
      `${index + 1}. ${message.method} ${where}: ${name}`,
      `   ${blockKitBuilderUrl(message.blocks)}`,
    );
    return join(dir, name);
  });
  writeFileSync(join(dir, 'messages.txt'), `${lines.join('\n')}\n`);
  return files;
}

async function runScenario(session, command, name) {
  const scenario = scenarioNamed(name);
  say(`${name}: seeding a private API in which ${scenario.summary}`);
  const seeded = await session.seed(name);
  let cliCode = null;
  if (command !== 'slack') cliCode = await session.runCli(seeded);
  if (command !== 'cli') {
    const { end, files } = await session.runSlack(name, seeded);
    if (end.msg !== 'diagnosis published') say(`the bot logged: ${end.msg}`);
    process.stderr.write('\n');
    say(`the bot posted ${files.length} message(s); open them in Block Kit Builder with the links in`);
    say(`    ${join(files.length > 0 ? join(files[0], '..') : '.', 'messages.txt')}`);
  }
  say(
    `a correct diagnosis names ${scenario.expected.primaryCause ?? 'no cause'} (verdict ${scenario.expected.verdict})`,
  );
  return cliCode;
}

async function interactive(session) {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  // readline takes Ctrl-C from the terminal: pass it on, so the session stops as it does on any other SIGINT.
  prompt.on('SIGINT', () => process.emit('SIGINT'));
  try {
    process.stderr.write(`\n${scenarioList()}\n`);
    for (;;) {
      process.stderr.write('\n');
      const idle = new AbortController();
      const timer = setTimeout(() => idle.abort(), IDLE_LIMIT_MS);
      let answer;
      try {
        answer = (
          await prompt.question(
            'scenario (name or number; cli/slack <name> for one side; list; empty to quit): ',
            {
              signal: idle.signal,
            },
          )
        ).trim();
      } catch {
        say('no input for a while: stopping');
        return;
      } finally {
        clearTimeout(timer);
      }
      if (answer === '' || answer === 'q' || answer === 'quit') return;
      if (answer === 'list') {
        process.stderr.write(`${scenarioList()}\n`);
        continue;
      }
      const [first, second] = answer.split(/\s+/);
      const byNumber = (token) => SCENARIOS[Number(token) - 1]?.name ?? token;
      const args = first === 'cli' || first === 'slack' ? [first, byNumber(second ?? '')] : [byNumber(first)];
      const parsed = parseSandboxArgs(args);
      if (parsed.error) {
        say(parsed.error);
        continue;
      }
      await runScenario(session, parsed.command, parsed.scenario);
    }
  } finally {
    prompt.close();
  }
}

async function main(argv) {
  const parsed = parseSandboxArgs(argv);
  if (parsed.error) {
    say(parsed.error);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (parsed.command === 'list') {
    process.stdout.write(`${scenarioList()}\n`);
    return 0;
  }
  if (parsed.command === 'interactive' && !process.stdin.isTTY) {
    process.stderr.write(`${USAGE}\n\n${scenarioList()}\n`);
    return 2;
  }
  for (const path of [CLI_PATH, BOT_PATH]) {
    if (!existsSync(path)) {
      say(`${path} is missing: run npm run build first (npm run sandbox does it for you)`);
      return 1;
    }
  }
  // The seeding clients run in this process: keep the SDK's Node-20 deprecation notice out of the output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

  let session;
  try {
    session = await startSession(parsed.out);
  } catch (error) {
    if (error.message !== MOTO_MISSING_MESSAGE) throw error;
    say("the sandbox needs moto_server, the AWS emulator (Python): pip install 'moto[server]'");
    return 1;
  }
  const stopOnSignal = () => session.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    if (parsed.command === 'interactive') {
      await interactive(session);
      return 0;
    }
    const cliCode = await runScenario(session, parsed.command, parsed.scenario);
    // The CLI exits 0 (healthy) or 1 (a diagnosis that found something): both are a working sandbox.
    return cliCode === null || cliCode === 0 || cliCode === 1 ? 0 : cliCode;
  } finally {
    await session.stop();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      say(error.stack ?? String(error));
      process.exitCode = 1;
    },
  );
}
