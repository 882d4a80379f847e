// Re-run and the re-run after a fix repeat exactly the diagnosis that made the message — the invoke URL with its
// path, the method, stage, caller, window, probe — through Bolt's real HTTP receiver, clicking the buttons the
// bot posted. A reference that is forged, copied from another message or no longer kept runs nothing.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../scripts/slack-api-stand-in.mjs';
import type { DiagnosisRequest, Report } from '../../src/diagnosis/types.js';
import { decodeButtonValue, encodeButtonValue } from '../../src/slack/button-value.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { blockActionsBody, offeredValue, sendSigned, slashCommandBody } from '../support/slack-requests.js';
import { finding, report } from './fixtures.js';
import { buttonOf, type Harness, keepReport, recordingRemediator, startHarness } from './harness.js';

const URL_COMMAND =
  'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/pets/_health --method POST --since 2h ' +
  '--no-probe --sg sg-0123abcd --vpc vpc-0a1b2c3d';

loopbackOnly();

function routeNotFound(): Report {
  return report([
    finding(
      'ROUTE_NOT_FOUND',
      { path: '/pets/_health', method: 'POST' },
      'The invoke URL path /pets/_health reaches no method.',
    ),
  ]);
}

const sectionTexts = (message: RecordedCall | undefined) =>
  ((message?.body.blocks ?? []) as Array<{ text?: { text: string } }>).map((block) => block.text?.text ?? '');

describe('Re-run repeats the report it belongs to', () => {
  let harness: Harness;
  const requests: DiagnosisRequest[] = [];
  let nextReports: Report[] = [];
  const remediation = recordingRemediator();

  beforeAll(async () => {
    harness = await startHarness({
      diagnose: async (request) => {
        requests.push(request);
        return nextReports.shift() ?? routeNotFound();
      },
      remediatorFor: remediation.factory,
    });
  });
  afterAll(async () => harness.stop());
  afterEach(() => {
    harness.slackApi.reset();
    requests.length = 0;
    nextReports = [];
    remediation.applied.length = 0;
  });

  /** Runs the command in `channelId` and returns the report message as the bot last updated it. */
  async function postReport(channelId: string, text = URL_COMMAND): Promise<RecordedCall> {
    const updated = harness.slackApi.callsTo('chat.update').length;
    const posted = harness.slackApi.callsTo('chat.postMessage').length;
    await sendSigned(harness.eventsUrl, slashCommandBody({ text, channelId }));
    const updates = await harness.slackApi.waitFor('chat.update', updated + 1);
    // The placeholder, then the evidence after the report: the run is over before the test clicks.
    await harness.slackApi.waitFor('chat.postMessage', posted + 2);
    return updates.at(-1) as RecordedCall;
  }

  function clickOn(message: RecordedCall, actionId: string, value = buttonOf(message, actionId)): string {
    return blockActionsBody({
      actionId,
      value,
      channelId: String(message.body.channel),
      messageTs: String(message.body.ts),
    });
  }

  it('repeats the URL with its path, the method, window, caller and probe switch, and says nothing changed', async () => {
    const posted = await postReport('C0RERUN0A');
    harness.slackApi.reset();

    await sendSigned(harness.eventsUrl, clickOn(posted, 'rerun'));
    const [again] = await harness.slackApi.waitFor('chat.update', 2);

    expect(requests).toHaveLength(2);
    // The same request, pinned to the account the first run found the API in.
    expect(requests[1]).toEqual({ ...requests[0], accountId: '123456789012' });
    expect(requests[1]).toMatchObject({
      url: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/pets/_health',
      method: 'POST',
      sinceMs: 2 * 60 * 60 * 1000,
      probe: false,
      vpcId: 'vpc-0a1b2c3d',
      callerSecurityGroupIds: ['sg-0123abcd'],
      accountId: '123456789012',
    });
    const text = sectionTexts(again).join('\n');
    expect(text).toContain('*What changed since the last run:* no change — verdict still *Broken*');
    expect(text).not.toContain('Fixed');
  });

  it('keeps the button value small: the request stays in the store, the button carries only a reference', async () => {
    const posted = await postReport('C0RERUN0B');

    const value = buttonOf(posted, 'rerun');
    const decoded = decodeButtonValue(value);

    expect(decoded.ok && decoded.value.requestRef).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(value).not.toContain('/pets/_health');
  });

  it('repeats the request after a fix too, and after Enable logging says first to call the API once', async () => {
    nextReports = [
      report([finding('EXECUTION_LOGGING_DISABLED', { loggingLevel: 'OFF' }, 'Execution logging is OFF.')]),
      report([finding('NO_REQUESTS_REACHED_API', {}, 'No request reached the API in the window.')]),
    ];
    const posted = await postReport('C0RERUN0C');
    harness.slackApi.reset();

    await sendSigned(harness.eventsUrl, clickOn(posted, 'enable-logging'));
    const updates = await harness.slackApi.waitFor('chat.update', 2);

    expect(remediation.applied).toHaveLength(1);
    expect(requests[1]).toEqual({ ...requests[0], accountId: '123456789012' });
    const message = updates.find((update) => update.body.ts === posted.body.ts);
    const verdict = sectionTexts(message)[1] ?? '';
    expect(verdict.split('\n')[0]).toBe(
      ':hourglass_flowing_sand: *Execution logging is on now, but only calls made from now on are logged: call the API once, then Re-run.*',
    );
    expect(verdict).not.toContain('No request reached the API');
    expect(String(message?.body.text)).toMatch(/^Execution logging is on now/);
  });

  it('compares only runs of the same request: another URL in the same thread is not compared', async () => {
    const posted = await postReport('C0RERUN0D');
    harness.slackApi.reset();

    await sendSigned(
      harness.eventsUrl,
      slashCommandBody({ text: 'a1b2c3d4e5 --stage prod', channelId: 'C0RERUN0D' }),
    );
    const updates = await harness.slackApi.waitFor('chat.update', 2);

    const main = updates.find((update) => update.body.ts === posted.body.ts);
    const text = JSON.stringify(main?.body.blocks);
    expect(text).toContain('asked about another URL, stage or caller');
    expect(text).not.toContain('What changed since the last run');
  });

  it.each([
    ['a Re-run value copied from another message', 'does not belong to this message'],
    ['an older Re-run value without a reference', 'does not say which diagnosis it repeats'],
    ['a signed reference the store no longer keeps', 'is no longer kept'],
  ])('refuses %s and runs nothing', async (name, says) => {
    const posted = await postReport(`C0RERUN${name.length}`);
    const other = await postReport(`C0RERUX${name.length}`);
    harness.slackApi.reset();
    requests.length = 0;
    const value = {
      'a Re-run value copied from another message': () => buttonOf(other, 'rerun'),
      'an older Re-run value without a reference': () => {
        const decoded = decodeButtonValue(buttonOf(posted, 'rerun'));
        if (!decoded.ok) throw new Error(decoded.problem);
        return encodeButtonValue({ ...decoded.value, requestRef: null });
      },
      'a signed reference the store no longer keeps': () =>
        offeredValue(buttonOf(posted, 'rerun'), 'rerun', String(posted.body.ts), String(posted.body.channel)),
    }[name];

    await sendSigned(harness.eventsUrl, clickOn(posted, 'rerun', value?.()));
    const [notice] = await harness.slackApi.waitFor('chat.postEphemeral', 1);

    expect(String(notice?.body.text)).toContain(says);
    expect(requests).toHaveLength(0);
    expect(harness.slackApi.callsTo('chat.update')).toHaveLength(0);
  });

  it('refuses a fix whose report request is not kept before changing anything', async () => {
    nextReports = [report([finding('EXECUTION_LOGGING_DISABLED', { loggingLevel: 'OFF' })])];
    const posted = await postReport('C0RERUN0E');
    harness.slackApi.reset();
    const stale = offeredValue(
      buttonOf(posted, 'enable-logging'),
      'enable-logging',
      String(posted.body.ts),
      String(posted.body.channel),
    );

    await sendSigned(harness.eventsUrl, clickOn(posted, 'enable-logging', stale));
    const [notice] = await harness.slackApi.waitFor('chat.postEphemeral', 1);

    expect(String(notice?.body.text)).toContain('is no longer kept');
    expect(remediation.applied).toHaveLength(0);
  });

  it('answers a kept report of another message with a refusal, even with a valid signature for it', async () => {
    await keepReport(harness.store, '1700000000.000077', 'C0RERUN0F');
    const value = offeredValue(
      buttonOf(await postReport('C0RERUN0G'), 'rerun'),
      'rerun',
      '1700000000.000077',
      'C0RERUN0F',
    );
    harness.slackApi.reset();
    requests.length = 0;

    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({ actionId: 'rerun', value, channelId: 'C0RERUN0F', messageTs: '1700000000.000078' }),
    );
    const [notice] = await harness.slackApi.waitFor('chat.postEphemeral', 1);

    expect(String(notice?.body.text)).toContain('does not belong to this message');
    expect(requests).toHaveLength(0);
  });
});
