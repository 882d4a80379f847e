// `npm run stress` (Slack half): hostile and concurrent traffic against two built bot replicas, on loopback only.
//
// Starts moto_server behind a counting proxy (every AWS write is counted: CreateDeployment, UpdateStage,
// ModifyVpcEndpoint), a Slack Web API stand-in, and two replicas of the bot (`node dist/main.js`, HTTP mode) that
// share one DynamoDB STATE_TABLE on moto, as two containers would. Then it sends:
//   - hostile requests in classes (bad signature, unsigned, old/future timestamp, malformed form/JSON, null payload,
//     missing fields, wrong types, oversized, unknown action ids, forged/crafted button values, unauthorised users),
//   - 20 concurrent clicks on one fix on one replica, then the same click replayed with X-Slack-Retry-Num and
//     fresh clicks 300 ms apart, then 20 concurrent clicks split between the two replicas,
//   - identical slash commands sent to both replicas at once,
// and prints requests sent, AWS writes per phase, crashes (did a replica exit?) and per class handled/total.
// Then a Socket Mode section: one more replica (SLACK_APP_TOKEN, same state table) connected to a loopback Socket
// Mode stand-in gets hostile envelopes in classes, a click envelope Slack sends again with retry_attempt 1–5, a
// click whose ack is lost (connection cut, envelope delivered again on the next one) and clicks in flight while
// Slack refreshes the connection; its figures are printed after the HTTP ones.
// Exit 1 on any crash, any write from a hostile/forged/unauthorised/replayed request or envelope, more than one
// write per fix, more than one thread, an unhandled class or an envelope never acknowledged. Bounded: it stops
// itself after STRESS_DEADLINE_MS.
//
//   npm run stress                 # ≥ 1000 hostile requests (~1-2 min)
//   STRESS_SHORT=1 node scripts/stress-slack.mjs   # or --short: ~100 hostile requests, for CI

import { spawn } from 'node:child_process';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { onJsonLines } from './json-lines.mjs';
import { startLatencyProxy } from './latency-proxy.mjs';
import { startMoto } from './moto-server.mjs';
import { OFFLINE_AWS_ENV } from './offline-aws-env.mjs';
import { REGION, seedScenario } from './seed-scenarios.mjs';
import { slackSignature, startSlackStandIn } from './slack-requests.mjs';
import { startSocketModeStandIn } from './socket-mode-stand-in.mjs';

const SHORT = process.env.STRESS_SHORT === '1' || process.argv.includes('--short');
const PER_CLASS = Number(process.env.STRESS_PER_CLASS ?? (SHORT ? 8 : 80));
const CONCURRENT_CLICKS = 20;
const CONCURRENT_COMMANDS = SHORT ? 6 : 20;
const DEADLINE_MS = Number(process.env.STRESS_DEADLINE_MS ?? (SHORT ? 120_000 : 300_000));
const SECRET = 'stress-signing-secret-0123456789';
const ALLOWED = 'U0ALLOWED1';
const TABLE = 'apigw-diagnose-stress-state';

Object.assign(process.env, { AWS_REGION: REGION, ...OFFLINE_AWS_ENV });

// ---- loopback servers ----------------------------------------------------------------------------------

/** The three changes the fixes make, as the latency proxy names them. */
const WRITES = {
  CreateDeployment: /^POST \/restapis\/[^/]+\/deployments$/,
  UpdateStage: /^PATCH \/restapis\/[^/]+\/stages\/[^/]+$/,
  ModifyVpcEndpoint: /^ModifyVpcEndpoint$/,
};

function writesIn(calls) {
  const writes = Object.fromEntries(Object.keys(WRITES).map((name) => [name, 0]));
  for (const call of calls)
    for (const [name, pattern] of Object.entries(WRITES)) if (pattern.test(call.what)) writes[name] += 1;
  return writes;
}

const totalWrites = (calls) => Object.values(writesIn(calls)).reduce((sum, n) => sum + n, 0);

/** The Slack stand-in records form fields; the flows' blocks travel as a JSON string among them. */
const blocksOf = (call) => (typeof call.body.blocks === 'string' ? JSON.parse(call.body.blocks) : []);

// ---- the bot replicas (child processes) -----------------------------------------------------------------

function startReplica(name, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const replica = { name, child, port: 0, exited: null, stderr: '', errorLines: 0 };
    onJsonLines(child.stdout, (entry) => {
      if (entry.msg === 'apigw-diagnose is running') {
        replica.port = entry.port;
        resolve(replica);
      }
      if (entry.level >= 50) replica.errorLines += 1;
    });
    child.stderr.on('data', (chunk) => {
      replica.stderr = (replica.stderr + chunk.toString()).slice(-4000);
    });
    child.on('exit', (code, signal) => {
      replica.exited = { code, signal };
      reject(new Error(`${name} exited at start (code ${code}): ${replica.stderr}`));
    });
  });
}

// ---- Slack requests -------------------------------------------------------------------------------------

async function send(replica, body, options = {}) {
  const timestamp = Math.floor(Date.now() / 1000) + (options.skewS ?? 0);
  const headers = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    ...options.headers,
  };
  if (options.signed !== false) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = slackSignature(options.secret ?? SECRET, timestamp, body);
  }
  counts.sent += 1;
  try {
    const response = await fetch(`http://127.0.0.1:${replica.port}/slack/events`, {
      method: 'POST',
      headers,
      body,
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

const form = (fields) => new URLSearchParams(fields).toString();
let clickSeq = 0;
const nextActionTs = () => `1700000001.${String(++clickSeq).padStart(6, '0')}`;

function command(text, channelId, userId = ALLOWED) {
  return form({
    command: '/apigw-diagnose',
    text,
    user_id: userId,
    user_name: 'stress',
    channel_id: channelId,
    team_id: 'T0000001',
    response_url: 'https://hooks.slack.com/commands/T0000001/1/stress',
    trigger_id: `1.2.${clickSeq}`,
  });
}

function clickPayload({
  actionId,
  value,
  channelId,
  messageTs,
  userId = ALLOWED,
  actionTs = nextActionTs(),
}) {
  return {
    type: 'block_actions',
    user: { id: userId, username: 'stress', team_id: 'T0000001' },
    api_app_id: 'A0000001',
    container: { type: 'message', message_ts: messageTs, channel_id: channelId },
    channel: { id: channelId, name: 'incident' },
    message: { type: 'message', ts: messageTs, text: 'report' },
    response_url: 'https://hooks.slack.com/actions/T0000001/1/stress',
    actions: [
      { action_id: actionId, block_id: 'diagnosis-actions', type: 'button', value, action_ts: actionTs },
    ],
  };
}

const click = (args) => form({ payload: JSON.stringify(clickPayload(args)) });

// ---- helpers --------------------------------------------------------------------------------------------

const counts = { sent: 0 };
const started = Date.now();
const progress = (what) =>
  process.stderr.write(`stress: ${((Date.now() - started) / 1000).toFixed(1)} s ${what}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until neither AWS nor Slack saw a new call for `quietMs` (the bots finished what they started). */
async function settle(awsCalls, slack, quietMs = 1500, capMs = 30_000) {
  const until = Date.now() + capMs;
  let seen = -1;
  let quietSince = Date.now();
  while (Date.now() < until) {
    const now = awsCalls.length + slack.calls.length;
    if (now !== seen) {
      seen = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return;
    }
    await sleep(100);
  }
}

async function inBatches(items, size, run) {
  const results = [];
  for (let i = 0; i < items.length; i += size)
    results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return results;
}

/** Sends a command (over HTTP to `replica`, or through `sendCommand`) and waits for its report's Redeploy offer. */
async function diagnose(replica, slack, text, channelId, sendCommand = (body) => send(replica, body)) {
  const before = slack.calls.length;
  await sendCommand(command(text, channelId));
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const update = slack.calls
      .slice(before)
      .find(
        (call) =>
          call.method === 'chat.update' &&
          call.body.channel === channelId &&
          String(call.body.blocks).includes('redeploy-stage'),
      );
    if (update) {
      const button = blocksOf(update)
        .flatMap((block) => block.elements ?? [])
        .find((element) => element.action_id === 'redeploy-stage');
      return { messageTs: update.body.ts, value: button.value };
    }
    await sleep(100);
  }
  throw new Error(`no report with a Redeploy button for "${text}" in ${channelId}`);
}

// ---- the run --------------------------------------------------------------------------------------------

async function main() {
  const moto = await startMoto();
  const cleanup = [];
  const deadline = setTimeout(() => {
    process.stderr.write(`stress: not finished within ${DEADLINE_MS} ms, stopping\n`);
    for (const stop of cleanup) stop();
    void moto.stop().finally(() => process.exit(1));
  }, DEADLINE_MS);
  try {
    const awsCalls = [];
    const proxy = await startLatencyProxy(moto.url, awsCalls, 0);
    const socket = await startSocketModeStandIn();
    const slack = await startSlackStandIn(socket);
    cleanup.push(
      () => proxy.closeAllConnections(),
      () => slack.server.closeAllConnections(),
      () => void socket.stop(),
    );
    const dynamo = new DynamoDBClient({ region: REGION, endpoint: moto.url, maxAttempts: 1 });
    await dynamo.send(
      new CreateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    dynamo.destroy();
    const api1 = await seedScenario('log-anonymous-not-authorized', moto.url);
    const api2 = await seedScenario('log-anonymous-not-authorized', moto.url);
    const api3 = await seedScenario('log-anonymous-not-authorized', moto.url);
    const api4 = await seedScenario('log-anonymous-not-authorized', moto.url);

    const env = {
      SLACK_BOT_TOKEN: 'xoxb-stress-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      AWS_ENDPOINT_URL: `http://127.0.0.1:${proxy.address().port}`,
      REMEDIATION_ALLOWED_USERS: ALLOWED,
      STATE_TABLE: TABLE,
    };
    const replicas = [await startReplica('replica A', env), await startReplica('replica B', env)];
    for (const replica of replicas) {
      replica.child.removeAllListeners('exit');
      replica.child.on('exit', (code, signal) => {
        replica.exited = { code, signal };
      });
      cleanup.push(() => replica.child.kill('SIGKILL'));
    }
    const [a, b] = replicas;

    progress('replicas started; first diagnoses');
    const offer1 = await diagnose(a, slack, `${api1.apiId} --vpc ${api1.vpcId}`, 'C0STRESS1');
    const offer2 = await diagnose(b, slack, `${api2.apiId} --vpc ${api2.vpcId}`, 'C0STRESS2');
    await settle(awsCalls, slack);
    const phases = [];
    const phase = async (name, expected, run) => {
      progress(name);
      const before = totalWrites(awsCalls);
      await run();
      await settle(awsCalls, slack);
      phases.push({ name, writes: totalWrites(awsCalls) - before, expected });
    };

    // 1. Hostile classes, spread over both replicas.
    const valid1 = {
      actionId: 'redeploy-stage',
      value: offer1.value,
      channelId: 'C0STRESS1',
      messageTs: offer1.messageTs,
    };
    const base = clickPayload(valid1);
    const hostile = {
      'bad signature': [401, () => send(pick(), command('x', 'C0HOSTILE'), { secret: 'not-the-secret' })],
      unsigned: [401, () => send(pick(), click(valid1), { signed: false })],
      'old timestamp (-10 min)': [401, () => send(pick(), click(valid1), { skewS: -600 })],
      'future timestamp (+10 min)': [401, () => send(pick(), click(valid1), { skewS: 600 })],
      'malformed form payload': [400, () => send(pick(), form({ payload: '{"type":"block_actions",' }))],
      'malformed JSON': [400, () => send(pick(), '{"command":', { contentType: 'application/json' })],
      'null payload': [400, () => send(pick(), form({ payload: 'null' }))],
      'missing fields': [
        400,
        (n) =>
          n % 2 === 0
            ? send(
                pick(),
                form({
                  payload: JSON.stringify({
                    ...base,
                    user: undefined,
                    actions: [{ ...base.actions[0], action_ts: nextActionTs() }],
                  }),
                }),
              )
            : send(
                pick(),
                form({
                  command: '/apigw-diagnose',
                  text: api1.apiId,
                  channel_id: 'C0HOSTILE',
                  response_url: 'https://hooks.slack.com/x',
                }),
              ),
      ],
      'wrong types': [
        400,
        (n) =>
          send(
            pick(),
            n % 2 === 0
              ? form({ payload: JSON.stringify({ ...base, user: ALLOWED }) })
              : JSON.stringify({
                  command: '/apigw-diagnose',
                  text: { a: 1 },
                  user_id: ALLOWED,
                  channel_id: 'C0HOSTILE',
                  response_url: 'https://hooks.slack.com/x',
                }),
            n % 2 === 0 ? {} : { contentType: 'application/json' },
          ),
      ],
      'oversized body (1.1 MB)': [413, () => send(pick(), command('a'.repeat(1_100_000), 'C0HOSTILE'))],
      'unknown action id': [200, () => send(pick(), click({ ...valid1, actionId: 'delete-everything' }))],
      'forged button value': [
        200,
        (n) => {
          const crafted = [
            offer1.value.replace(api1.apiId, api2.apiId),
            offer1.value.replace(/"s":"[^"]*"/, '"s":"other"'),
            offer2.value,
            offer1.value.replace(/"k":"[^"]*"/, `"k":"${'A'.repeat(43)}"`),
          ][n % 4];
          return send(pick(), click({ ...valid1, value: crafted }));
        },
      ],
      'unauthorised user': [200, () => send(pick(), click({ ...valid1, userId: 'U0STRANGER' }))],
    };
    let turn = 0;
    const pick = () => replicas[turn++ % replicas.length];
    const classes = [];
    await phase('hostile, forged and unauthorised requests', 0, async () => {
      for (const [name, [expected, make]] of Object.entries(hostile)) {
        const statuses = await inBatches([...Array(PER_CLASS).keys()], 20, (n) => make(n));
        classes.push({
          name,
          handled: statuses.filter((status) => status === expected).length,
          total: statuses.length,
          expected,
        });
      }
    });

    // 2. Concurrency and replays.
    const clicks1 = Array.from({ length: CONCURRENT_CLICKS }, () => click(valid1));
    await phase(`${CONCURRENT_CLICKS} concurrent clicks, one replica`, 1, () =>
      Promise.all(clicks1.map((body) => send(a, body))),
    );
    await phase('the same click replayed 5× with X-Slack-Retry-Num (both replicas)', 0, async () => {
      for (let retry = 1; retry <= 5; retry++) {
        await send(replicas[retry % 2], clicks1[0], {
          headers: { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' },
        });
      }
    });
    await phase('5 new clicks 300 ms apart just after the fix', 0, async () => {
      for (let n = 0; n < 5; n++) {
        await send(replicas[n % 2], click(valid1));
        await sleep(300);
      }
    });
    const valid2 = {
      actionId: 'redeploy-stage',
      value: offer2.value,
      channelId: 'C0STRESS2',
      messageTs: offer2.messageTs,
    };
    await phase(`${CONCURRENT_CLICKS} concurrent clicks, two replicas`, 1, () =>
      Promise.all(Array.from({ length: CONCURRENT_CLICKS }, (_, n) => send(replicas[n % 2], click(valid2)))),
    );

    // 3. Identical commands at once on both replicas: one incident thread.
    const before = slack.calls.length;
    await phase(`${CONCURRENT_COMMANDS} identical commands at once, two replicas`, 0, () =>
      Promise.all(
        Array.from({ length: CONCURRENT_COMMANDS }, (_, n) =>
          send(replicas[n % 2], command(`${api1.apiId} --vpc ${api1.vpcId}`, 'C0STRESS3')),
        ),
      ),
    );
    const threads = slack.calls
      .slice(before)
      .filter(
        (call) =>
          call.method === 'chat.postMessage' && call.body.channel === 'C0STRESS3' && !call.body.thread_ts,
      ).length;

    // 4. Still serving? Then a graceful stop.
    const healthy = await Promise.all(
      replicas.map((replica) =>
        fetch(`http://127.0.0.1:${replica.port}/healthz`).then(
          (r) => r.status === 200,
          () => false,
        ),
      ),
    );
    const crashed = replicas.filter((replica) => replica.exited !== null);
    for (const replica of replicas) replica.child.kill('SIGTERM');
    await Promise.all(
      replicas.map((replica) =>
        replica.exited ? null : new Promise((resolve) => replica.child.once('exit', resolve)),
      ),
    );

    // ---- report ----
    const hostileTotal = classes.reduce((sum, c) => sum + c.total, 0);
    const out = [];
    out.push(
      `stress-slack${SHORT ? ' (short)' : ''}: 2 replicas sharing DynamoDB ${TABLE} on moto_server, loopback only`,
    );
    out.push(`requests sent: ${counts.sent} (hostile ${hostileTotal})`);
    out.push(
      `AWS writes: ${Object.entries(writesIn(awsCalls))
        .map(([name, n]) => `${name} ${n}`)
        .join(', ')} (of ${awsCalls.length} AWS calls)`,
    );
    for (const p of phases)
      out.push(
        `  ${p.writes === p.expected ? 'ok  ' : 'FAIL'} ${p.name}: ${p.writes} write(s), expected ${p.expected}`,
      );
    out.push(`incident threads opened by ${CONCURRENT_COMMANDS} identical commands: ${threads} (expected 1)`);
    out.push(
      `crashes: ${crashed.length}${crashed.map((r) => ` (${r.name} exited ${JSON.stringify(r.exited)})`).join('')}; /healthz after the run: ${healthy.map((h, i) => `${replicas[i].name} ${h ? 'ok' : 'DOWN'}`).join(', ')}`,
    );
    out.push(`graceful stop: ${replicas.map((r) => `${r.name} exit ${r.exited?.code}`).join(', ')}`);
    out.push(`error log lines: ${replicas.map((r) => `${r.name} ${r.errorLines}`).join(', ')}`);
    out.push('per class handled/total (expected status):');
    for (const c of classes)
      out.push(
        `  ${c.handled === c.total ? 'ok  ' : 'FAIL'} ${c.name}: ${c.handled}/${c.total} (${c.expected})`,
      );
    process.stdout.write(`${out.join('\n')}\n`);

    const socketMode = await socketModeSection({ env, awsCalls, slack, socket, api3, api4 });
    cleanup.push(() => socketMode.replica.child.kill('SIGKILL'));
    process.stdout.write(`${socketMode.out.join('\n')}\n`);

    const failed =
      crashed.length > 0 ||
      healthy.includes(false) ||
      phases.some((p) => p.writes !== p.expected) ||
      threads !== 1 ||
      classes.some((c) => c.handled !== c.total) ||
      socketMode.failed;
    await socket.stop();
    await Promise.all([proxy, slack.server].map((server) => new Promise((resolve) => server.close(resolve))));
    return failed ? 1 : 0;
  } finally {
    clearTimeout(deadline);
    for (const stop of cleanup) stop();
    await moto.stop();
  }
}

// ---- Socket Mode -------------------------------------------------------------------------------------------

const fieldsOf = (formBody) => Object.fromEntries(new URLSearchParams(formBody));

/** Waits until every envelope delivery that was not lost with its connection is acknowledged (or `capMs`). */
async function allAcked(socket, capMs = 30_000) {
  await socket.waitForAllAcks(capMs).catch(() => {});
}

/**
 * One Socket Mode replica against the same moto and state table: hostile envelopes, replayed and re-delivered
 * clicks, clicks across a connection refresh. Returns the printed lines, whether anything failed, and the replica.
 */
async function socketModeSection({ env, awsCalls, slack, socket, api3, api4 }) {
  progress('Socket Mode: replica started, first diagnoses');
  const { SLACK_SIGNING_SECRET: _none, ...httpEnv } = env;
  const replica = await startReplica('socket replica', {
    ...httpEnv,
    SLACK_APP_TOKEN: 'xapp-1-A0STRESS-1-stress',
  });
  replica.child.removeAllListeners('exit');
  replica.child.on('exit', (code, signal) => {
    replica.exited = { code, signal };
  });
  await socket.waitForConnections(1);
  const viaSocket = (body) => socket.deliver('slash_commands', fieldsOf(body));
  const offer3 = await diagnose(replica, slack, `${api3.apiId} --vpc ${api3.vpcId}`, 'C0SOCKET1', viaSocket);
  const offer4 = await diagnose(replica, slack, `${api4.apiId} --vpc ${api4.vpcId}`, 'C0SOCKET2', viaSocket);
  await settle(awsCalls, slack);
  const valid3 = {
    actionId: 'redeploy-stage',
    value: offer3.value,
    channelId: 'C0SOCKET1',
    messageTs: offer3.messageTs,
  };
  const valid4 = {
    actionId: 'redeploy-stage',
    value: offer4.value,
    channelId: 'C0SOCKET2',
    messageTs: offer4.messageTs,
  };
  const base = clickPayload(valid3);
  const action = () => ({ ...base.actions[0], action_ts: nextActionTs() });
  const slashFields = () => fieldsOf(command(api3.apiId, 'C0SOCKET1'));
  const without = (object, key) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));

  const phases = [];
  const phase = async (name, expected, run) => {
    progress(`Socket Mode: ${name}`);
    const before = totalWrites(awsCalls);
    await run();
    await allAcked(socket);
    await settle(awsCalls, slack);
    phases.push({ name, writes: totalWrites(awsCalls) - before, expected });
  };

  const hostile = {
    'null payload': () => ['interactive', null],
    'array or string payload': (n) => ['interactive', n % 2 ? [base] : 'block_actions'],
    'missing user': () => ['interactive', { ...without(base, 'user'), actions: [action()] }],
    'wrong types': (n) =>
      n % 2
        ? ['interactive', { ...base, user: ALLOWED, actions: [action()] }]
        : ['slash_commands', { ...slashFields(), text: { a: 1 } }],
    'unknown action id': () => [
      'interactive',
      { ...base, actions: [{ ...action(), action_id: 'delete-everything' }] },
    ],
    'several actions, not ours first': () => [
      'interactive',
      { ...base, actions: [{ ...action(), action_id: 'delete-everything' }, action()] },
    ],
    'oversized text (1.1 MB)': () => ['slash_commands', { ...slashFields(), text: 'a'.repeat(1_100_000) }],
    'envelope type not matching its payload': (n) =>
      n % 2
        ? ['slash_commands', { ...base, actions: [action()] }]
        : ['something_else', { ...base, actions: [action()] }],
    'forged button value': (n) => [
      'interactive',
      clickPayload({ ...valid3, value: [offer3.value.replace(api3.apiId, api4.apiId), offer4.value][n % 2] }),
    ],
    'unauthorised user': () => ['interactive', clickPayload({ ...valid3, userId: 'U0STRANGER' })],
  };
  const classes = [];
  await phase('hostile, forged and unauthorised envelopes', 0, async () => {
    for (const [name, make] of Object.entries(hostile)) {
      const ids = [];
      for (let n = 0; n < PER_CLASS; n += 20) {
        const batch = [...Array(Math.min(20, PER_CLASS - n)).keys()].map((k) =>
          socket.deliver(...make(n + k)),
        );
        ids.push(...batch);
        await allAcked(socket, 10_000);
      }
      const handled = ids.filter((id) =>
        socket.deliveries.some((d) => d.envelopeId === id && d.ack !== null),
      );
      classes.push({ name, handled: handled.length, total: ids.length });
    }
    // Frames that are not envelopes get no ack to count: the connection must survive them, which an envelope
    // sent after them and acknowledged on the same connection shows.
    const connectionsAtStart = socket.connections;
    for (let n = 0; n < PER_CLASS; n++) socket.sendRaw(n % 2 ? '{"type":' : '[]');
    const after = socket.deliver(...hostile['unknown action id'](0));
    await allAcked(socket, 10_000);
    const survived =
      socket.connections === connectionsAtStart &&
      socket.deliveries.some((d) => d.envelopeId === after && d.ack !== null);
    classes.push({
      name: 'frames that are not envelopes',
      handled: survived ? PER_CLASS : 0,
      total: PER_CLASS,
    });
  });

  await phase('a click, then the same envelope again 5× with retry_attempt 1–5', 1, async () => {
    const payload = clickPayload(valid3);
    const id = socket.deliver('interactive', payload);
    await socket.waitForAck(id);
    for (let attempt = 1; attempt <= 5; attempt++)
      socket.deliver('interactive', payload, { envelopeId: id, retryAttempt: attempt });
  });

  const connectionsBefore = socket.connections;
  await phase(
    `a click whose ack is lost (delivered again on a new connection), then ${CONCURRENT_CLICKS} clicks across a refresh`,
    1,
    async () => {
      const lost = socket.deliverAndLoseAck('interactive', clickPayload(valid4));
      await socket.waitForConnections(connectionsBefore + 1, 30_000);
      await socket.waitForAck(lost, 10_000);
      for (let n = 0; n < CONCURRENT_CLICKS; n++) socket.deliver('interactive', clickPayload(valid4));
      socket.requestRefresh('refresh_requested');
      await socket.waitForConnections(connectionsBefore + 2, 30_000);
    },
  );

  const healthy = await fetch(`http://127.0.0.1:${replica.port}/healthz`).then(
    (r) => r.status === 200,
    () => false,
  );
  const crashed = replica.exited !== null;
  const sent = new Set(socket.deliveries.map((d) => d.envelopeId)).size;
  const missingOrLate = socket.lateOrMissingAcks();
  const missing = missingOrLate.filter((m) => m.ackedAfterMs === null).length;
  const redelivered = socket.deliveries.filter((d) => d.attempt > 0).length;
  replica.child.kill('SIGTERM');
  if (!replica.exited) await new Promise((resolve) => replica.child.once('exit', resolve));

  const out = [
    'Socket Mode (1 replica, same state table; envelopes through a loopback Socket Mode stand-in):',
  ];
  out.push(
    `envelopes sent: ${sent} (${redelivered} deliveries again with retry_attempt > 0); connections: ${socket.connections}`,
  );
  out.push(`acknowledged: ${sent - missing}/${sent}, within 3 s: ${sent - missingOrLate.length}/${sent}`);
  for (const p of phases)
    out.push(
      `  ${p.writes === p.expected ? 'ok  ' : 'FAIL'} ${p.name}: ${p.writes} write(s), expected ${p.expected}`,
    );
  out.push(
    `crashes: ${crashed ? 1 : 0}; /healthz after the run: ${healthy ? 'ok' : 'DOWN'}; graceful stop: exit ${replica.exited?.code}`,
  );
  out.push(`error log lines: ${replica.errorLines}`);
  out.push('per class acknowledged/total (each changes nothing):');
  for (const c of classes)
    out.push(`  ${c.handled === c.total ? 'ok  ' : 'FAIL'} ${c.name}: ${c.handled}/${c.total}`);
  const failed =
    crashed ||
    !healthy ||
    replica.exited?.code !== 0 ||
    missing > 0 ||
    phases.some((p) => p.writes !== p.expected) ||
    classes.some((c) => c.handled !== c.total);
  return { out, failed, replica };
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`stress: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
