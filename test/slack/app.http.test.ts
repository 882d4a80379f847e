import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisRequest, Report } from '../../src/diagnosis/types.js';
import { loopbackOnly } from '../support/loopback-only.js';
import {
  blockActionsBody,
  buttonValue,
  offeredValue,
  sendSigned,
  slashCommandBody,
} from '../support/slack-requests.js';
import { brokenReport, finding, healthyReport, report } from './fixtures.js';
import { type Harness, keepReport, recordingRemediator, startHarness } from './harness.js';

const VALUE = buttonValue();

loopbackOnly();

describe('Slack app over HTTP (stubbed diagnosis)', () => {
  let harness: Harness;
  const requests: DiagnosisRequest[] = [];
  let nextReports: Report[] = [];
  let failWith: Error | null = null;
  let hold: Promise<void> | null = null;
  const remediation = recordingRemediator();

  beforeAll(async () => {
    harness = await startHarness({
      diagnose: async (request) => {
        requests.push(request);
        if (hold) await hold;
        if (failWith) throw failWith;
        return nextReports.shift() ?? healthyReport();
      },
      remediatorFor: remediation.factory,
    });
  });
  afterAll(async () => harness.stop());
  afterEach(() => {
    harness.slackApi.reset();
    requests.length = 0;
    nextReports = [];
    failWith = null;
    hold = null;
    remediation.applied.length = 0;
  });

  it('answers GET /healthz with 200', async () => {
    const response = await fetch(`${harness.baseUrl}/healthz`);

    expect(response.status).toBe(200);
  });

  it('rejects an unsigned slash command with 401 and runs nothing', async () => {
    const response = await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5' }), {
      signed: false,
    });

    expect(response.status).toBe(401);
    expect(requests).toHaveLength(0);
  });

  it('rejects a request signed more than 5 minutes ago with 401', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;

    const response = await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5' }), {
      timestamp: stale,
    });

    expect(response.status).toBe(401);
    expect(requests).toHaveLength(0);
  });

  it('rejects a request signed with another secret with 401', async () => {
    const response = await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5' }), {
      secret: 'wrong',
    });

    expect(response.status).toBe(401);
  });

  it('answers bad input with an ephemeral usage message and nothing else', async () => {
    const response = await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'not-an-api --bogus' }));

    expect(response.status).toBe(200);
    const body = (await response.json()) as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body)).toContain('Usage');
    expect(requests).toHaveLength(0);
    expect(harness.slackApi.calls.filter((call) => call.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('acks, then posts one channel message updated in place and the evidence in its thread', async () => {
    nextReports = [brokenReport()];

    const response = await sendSigned(
      harness.eventsUrl,
      slashCommandBody({ text: 'a1b2c3d4e5 --stage prod', channelId: 'C0FIRST01' }),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    const [evidence] = await harness.slackApi.waitFor('chat.postMessage', 2);

    const posts = harness.slackApi.callsTo('chat.postMessage');
    const updates = harness.slackApi.callsTo('chat.update');
    const main = posts[0];
    expect(main?.body.thread_ts).toBeUndefined();
    expect(JSON.stringify(main?.body.blocks)).toContain('Diagnosing');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.body.ts).toBe(main?.response.ts);
    expect(JSON.stringify(updates[0]?.body.blocks)).toContain('POLICY_DENIES_VPCE');
    expect(posts[1]?.body.thread_ts).toBe(main?.response.ts);
    expect(JSON.stringify(posts[1]?.body.blocks)).toContain('Resource policy');
    expect(evidence).toBeDefined();
    expect(requests[0]).toMatchObject({ apiId: 'a1b2c3d4e5', stage: 'prod', region: 'us-east-1' });
  });

  it('posts a re-run of the same API in the same channel into the existing thread and says what changed', async () => {
    nextReports = [brokenReport(), healthyReport()];
    await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5', channelId: 'C0RERUN01' }));
    const [first] = await harness.slackApi.waitFor('chat.postMessage', 2);
    const threadTs = first?.response.ts;

    await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5', channelId: 'C0RERUN01' }));
    await harness.slackApi.waitFor('chat.update', 3);
    await harness.slackApi.waitFor('chat.postMessage', 4);

    const posts = harness.slackApi.callsTo('chat.postMessage');
    expect(posts.slice(2).every((post) => post.body.thread_ts === threadTs)).toBe(true);
    const updates = harness.slackApi.callsTo('chat.update');
    const mainUpdate = updates.find((u, i) => i > 0 && u.body.ts === threadTs);
    expect(JSON.stringify(mainUpdate?.body.blocks)).toContain('Healthy');
    const note = updates.find((u) => u.body.ts !== threadTs);
    expect(JSON.stringify(note?.body.blocks)).toMatch(
      /What changed since the last run.*Fixed: .*POLICY_DENIES_VPCE/,
    );
  });

  it('repeats in the thread only the evidence of checks that did not pass or changed status on a re-run', async () => {
    nextReports = [brokenReport(), report([finding('EXECUTION_LOGGING_DISABLED', { loggingLevel: 'OFF' })])];
    await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5', channelId: 'C0DELTA01' }));
    const [first] = await harness.slackApi.waitFor('chat.postMessage', 2);

    await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5', channelId: 'C0DELTA01' }));
    await harness.slackApi.waitFor('chat.postMessage', 4);

    const [, firstEvidence, , rerunEvidence] = harness.slackApi.callsTo('chat.postMessage');
    expect(rerunEvidence?.body.thread_ts).toBe(first?.response.ts);
    const firstText = JSON.stringify(firstEvidence?.body.blocks);
    expect(firstText).toContain('Check 1/12 · REST API');
    const rerunText = JSON.stringify(rerunEvidence?.body.blocks);
    expect(rerunText).toContain('Check 3/12 · Resource policy* — passed (was failed)');
    expect(rerunText).toContain('Check 10/12 · Execution logging* — warning');
    expect(rerunText).not.toContain('REST API');
    expect(rerunText).toContain('10 still pass');
  });

  it('starts a new thread for the same API in another channel', async () => {
    await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5', channelId: 'C0OTHER01' }));
    await harness.slackApi.waitFor('chat.postMessage', 2);

    await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5', channelId: 'C0OTHER02' }));
    await harness.slackApi.waitFor('chat.postMessage', 4);

    const roots = harness.slackApi
      .callsTo('chat.postMessage')
      .filter((post) => post.body.thread_ts === undefined);
    expect(roots.map((post) => post.body.channel)).toEqual(['C0OTHER01', 'C0OTHER02']);
  });

  it('replaces the "Diagnosing" message with the failure and a correlation id that is also logged', async () => {
    failWith = new Error('boom in the engine');

    await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5', channelId: 'C0ERROR01' }));
    const [update] = await harness.slackApi.waitFor('chat.update', 1);

    const placeholder = harness.slackApi.callsTo('chat.postMessage')[0];
    expect(update?.body.ts).toBe(placeholder?.response.ts);
    const text = JSON.stringify(update?.body.blocks);
    expect(text).toContain('Something went wrong while diagnosing a1b2c3d4e5');
    expect(text).not.toContain('Diagnosing');
    const correlationId = /reference: `([0-9a-f]+)`/.exec(text)?.[1];
    expect(correlationId).toBeDefined();
    expect(harness.logs.some((line) => line.correlationId === correlationId && line.level === 'error')).toBe(
      true,
    );
    expect(harness.slackApi.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('keeps the report and tells the thread when a failure comes after the report is out', async () => {
    nextReports = [brokenReport()];
    let release: () => void = () => {};
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });

    await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5', channelId: 'C0LATEERR' }));
    const [placeholder] = await harness.slackApi.waitFor('chat.postMessage', 1);
    // The summary update succeeds; the evidence post into the thread fails.
    harness.slackApi.failNext('chat.postMessage', 'invalid_blocks');
    release();
    const [, , notice] = await harness.slackApi.waitFor('chat.postMessage', 3);

    const updates = harness.slackApi.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    expect(JSON.stringify(updates[0]?.body.blocks)).toContain('POLICY_DENIES_VPCE');
    expect(notice?.body.thread_ts).toBe(placeholder?.response.ts);
    expect(JSON.stringify(notice?.body.blocks)).toMatch(/Something went wrong.*reference: `[0-9a-f]+`/);
  });

  it('answers through response_url when the bot is not in the channel, telling the user to invite it', async () => {
    harness.slackApi.failNext('chat.postMessage', 'not_in_channel');
    const responseUrl = `${harness.slackApi.url}response-url`;

    await sendSigned(
      harness.eventsUrl,
      slashCommandBody({ text: 'a1b2c3d4e5', channelId: 'C0NOTMEMB', responseUrl }),
    );
    const [answer] = await harness.slackApi.waitFor('response-url', 1);

    expect(answer?.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer?.body.blocks)).toContain('/invite @apigw-diagnose');
    expect(JSON.stringify(answer?.body.blocks)).toMatch(/reference `[0-9a-f]+`/);
    expect(requests).toHaveLength(0);
  });

  it('says AWS could not be reached when the engine throws AwsUnreachableError', async () => {
    failWith = Object.assign(new Error('connect ECONNREFUSED'), { name: 'AwsUnreachableError' });

    await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5', channelId: 'C0UNREACH' }));
    const [update] = await harness.slackApi.waitFor('chat.update', 1);

    expect(JSON.stringify(update?.body.blocks)).toContain('Could not reach AWS');
  });

  it('refuses a fix to a user not on the allow-list, ephemerally, and changes nothing', async () => {
    await keepReport(harness.store, '1700000000.000001');
    const response = await sendSigned(
      harness.eventsUrl,
      blockActionsBody({
        actionId: 'redeploy-stage',
        value: offeredValue(VALUE, 'redeploy-stage', '1700000000.000001'),
        userId: 'U0STRANGER',
        messageTs: '1700000000.000001',
      }),
    );
    expect(response.status).toBe(200);
    const [refusal] = await harness.slackApi.waitFor('chat.postEphemeral', 1);

    expect(refusal?.body.user).toBe('U0STRANGER');
    expect(String(refusal?.body.text)).toContain('Not allowed');
    expect(remediation.applied).toHaveLength(0);
    expect(harness.logs.some((line) => String(line.msg).includes('REMEDIATION_ALLOWED_USERS'))).toBe(true);
  });

  it('ignores a forged button value: ephemeral notice, no AWS change', async () => {
    const forged = VALUE.replace('a1b2c3d4e5', 'a1b2c3d4e5/../../x');

    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({ actionId: 'enable-logging', value: forged, messageTs: '1700000000.000002' }),
    );
    const [notice] = await harness.slackApi.waitFor('chat.postEphemeral', 1);

    expect(String(notice?.body.text)).toContain('Invalid button');
    expect(remediation.applied).toHaveLength(0);
  });

  it('refuses a signed private-DNS click whose value names no endpoint (the fix requires one): notice, no change', async () => {
    // The remediation service answers `invalid` for a target without a field the fix requires.
    const messageTs = '1700000000.000003';
    await keepReport(harness.store, messageTs);

    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({
        actionId: 'enable-private-dns',
        value: offeredValue(VALUE, 'enable-private-dns', messageTs),
        messageTs,
      }),
    );
    const [notice] = await harness.slackApi.waitFor('chat.postEphemeral', 1);

    expect(String(notice?.body.text)).toContain('Invalid button');
    expect(remediation.applied).toHaveLength(0);
    expect(harness.slackApi.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('re-runs the diagnosis into the thread of the message whose Re-run was clicked', async () => {
    nextReports = [report([])];
    await keepReport(harness.store, '1700000000.000003');

    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({
        actionId: 'rerun',
        value: offeredValue(VALUE, 'rerun', '1700000000.000003'),
        userId: 'U0STRANGER',
        messageTs: '1700000000.000003',
      }),
    );
    await harness.slackApi.waitFor('chat.update', 2);

    const reply = harness.slackApi.callsTo('chat.postMessage')[0];
    expect(reply?.body.thread_ts).toBe('1700000000.000003');
    expect(harness.slackApi.callsTo('chat.update').some((u) => u.body.ts === '1700000000.000003')).toBe(true);
  });
});

describe('Slack app re-run clicks', () => {
  it('answers a second Re-run click while the first runs with "already re-running" and diagnoses once', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let diagnoses = 0;
    const harness = await startHarness({
      diagnose: async () => {
        diagnoses += 1;
        await gate;
        return healthyReport();
      },
    });
    try {
      await keepReport(harness.store, '1700000000.000011');
      const click = () =>
        blockActionsBody({
          actionId: 'rerun',
          value: offeredValue(VALUE, 'rerun', '1700000000.000011'),
          messageTs: '1700000000.000011',
        });

      await sendSigned(harness.eventsUrl, click());
      await sendSigned(harness.eventsUrl, click());
      const [busy] = await harness.slackApi.waitFor('chat.postEphemeral', 1);
      release();
      await harness.slackApi.waitFor('chat.update', 1);

      expect(String(busy?.body.text)).toContain('already re-running');
      expect(diagnoses).toBe(1);
    } finally {
      release();
      await harness.stop();
    }
  });
});

describe('Slack app fix clicks (stubbed remediator)', () => {
  it('answers a second click while the fix runs with "already running" and applies once', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const remediation = recordingRemediator({
      apply: async (fix, target, actor) => {
        remediation.applied.push({ fix, target, actor });
        await gate;
        return { outcome: 'applied', fix, requestId: 'req-1', summary: 'done' };
      },
    });
    const harness = await startHarness({
      diagnose: async () => healthyReport(),
      remediatorFor: remediation.factory,
    });
    try {
      await keepReport(harness.store, '1700000000.000009');
      const click = () =>
        blockActionsBody({
          actionId: 'redeploy-stage',
          value: offeredValue(VALUE, 'redeploy-stage', '1700000000.000009'),
          messageTs: '1700000000.000009',
        });

      await sendSigned(harness.eventsUrl, click());
      await sendSigned(harness.eventsUrl, click());
      const [busy] = await harness.slackApi.waitFor('chat.postEphemeral', 1);
      release();
      await harness.slackApi.waitFor('chat.update', 2);

      expect(String(busy?.body.text)).toContain('already running');
      expect(remediation.applied).toHaveLength(1);
      const audit = harness.slackApi.callsTo('chat.postMessage')[0];
      expect(audit?.body.thread_ts).toBe('1700000000.000009');
      expect(JSON.stringify(audit?.body.blocks)).toContain('req-1');
    } finally {
      release();
      await harness.stop();
    }
  });
});
