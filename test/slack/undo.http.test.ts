// The Undo of a fix's audit line, through Bolt's real HTTP receiver: it undoes once, only for an allowed user,
// only from the channel of the fix; a forged or unknown reference changes nothing.

import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeButtonValue } from '../../src/slack/button-value.js';
import { blockActionsBody, offeredValue, sendSigned, slashCommandBody } from '../support/slack-requests.js';
import { brokenReport, healthyReport } from './fixtures.js';
import { buttonOf, type Harness, keepReport, recordingRemediator, startHarness } from './harness.js';

const FIX = 'allow-endpoint-in-policy';
const VALUE = encodeButtonValue({
  apiId: 'a1b2c3d4e5',
  region: 'us-east-1',
  stage: 'prod',
  vpcId: null,
  vpceId: 'vpce-0aaa1111aaaa1111a',
  securityGroupIds: [],
  urlForm: 'none',
  sinceMs: 900_000,
  probe: false,
  accountId: '123456789012',
  customDomain: null,
  basis: 'wn0l8YUytR8NDPu5Kh39ht',
});
const REPORT_TS = '1700000000.000301';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** A bot whose fix answers applied with an undo record; the test gets the audit line of one click. */
async function withAppliedFix(
  test: (
    harness: Harness,
    undone: Array<{ fix: string; record: string }>,
    undoClick: (o?: object) => string,
  ) => Promise<void>,
): Promise<void> {
  const remediation = recordingRemediator({
    apply: async (fix) => ({
      outcome: 'applied',
      fix,
      requestId: 'req-1',
      summary: 'allowed',
      undoRecord: '{"p":1}',
    }),
  });
  const harness = await startHarness({
    diagnose: async () => healthyReport(),
    remediatorFor: remediation.factory,
  });
  try {
    await keepReport(harness.store, REPORT_TS, 'C0INCIDENT');
    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({ actionId: FIX, value: offeredValue(VALUE, FIX, REPORT_TS), messageTs: REPORT_TS }),
    );
    await harness.slackApi.waitFor('chat.update', 1);
    const audit = harness.slackApi
      .callsTo('chat.postMessage')
      .find((c) => /^Allow endpoint in policy by/.test(String(c.body.text)));
    const undoClick = (overrides: object = {}) =>
      blockActionsBody({
        actionId: 'undo',
        value: buttonOf(audit, 'undo'),
        messageTs: String(audit?.response.ts),
        ...overrides,
      });
    await test(harness, remediation.undone, undoClick);
  } finally {
    await harness.stop();
  }
}

const ephemeral = (harness: Harness) =>
  harness.slackApi.callsTo('chat.postEphemeral').map((c) => String(c.body.text));

describe('Undo through Slack', () => {
  it('undoes once for an allowed user, posts its audit line in the fix thread, and says so on a second click', async () => {
    await withAppliedFix(async (harness, undone, undoClick) => {
      await sendSigned(harness.eventsUrl, undoClick());
      await harness.slackApi.waitFor('chat.update', 2);
      await sendSigned(harness.eventsUrl, undoClick());
      await harness.slackApi.waitFor('chat.postEphemeral', 1);

      expect(undone).toEqual([{ fix: FIX, record: '{"p":1}' }]);
      const audit = harness.slackApi
        .callsTo('chat.postMessage')
        .find((c) => /\(undo\) by/.test(String(c.body.text)));
      expect(audit?.body.thread_ts).toBe(REPORT_TS);
      expect(JSON.stringify(audit?.body.blocks)).toContain('undid *Allow endpoint in policy*');
      expect(ephemeral(harness)).toEqual([
        'Allow endpoint in policy was already undone; nothing was changed.',
      ]);
    });
  });

  it('refuses a user outside the allow-list, another channel and a forged reference, undoing nothing', async () => {
    await withAppliedFix(async (harness, undone, undoClick) => {
      // One at a time: each refusal is told before the next click arrives.
      const clicks = [
        { userId: 'U0STRANGER' },
        { channelId: 'C0ELSEWHERE' },
        { value: 'B'.repeat(22) },
        { value: '{"u":"../x"}' },
      ];
      for (const [i, overrides] of clicks.entries()) {
        await sendSigned(harness.eventsUrl, undoClick(overrides));
        await harness.slackApi.waitFor('chat.postEphemeral', i + 1);
      }

      expect(undone).toEqual([]);
      expect(ephemeral(harness)).toEqual([
        'Not allowed to undo Allow endpoint in policy; nothing was changed.',
        'This Undo is not known here (undos are kept for 7 days, in the channel of the fix), so nothing was changed.',
        'This Undo is not known here (undos are kept for 7 days, in the channel of the fix), so nothing was changed.',
        'This Undo is not known here (undos are kept for 7 days, in the channel of the fix), so nothing was changed.',
      ]);
    });
  });
});

describe('a policy fix whose change cannot be shown whole', () => {
  it('is not offered when its diff and risks do not fit the dialog, and the message says why', async () => {
    const diff = Array.from(
      { length: 4 },
      (_, i) =>
        `+ statement: Allow Principal "*" execute-api:Invoke on execute-api:/* if aws:SourceVpce = vpce-0${i}`,
    );
    const remediation = recordingRemediator({
      plan: async (fix) => ({
        fix,
        change: `Would run ${fix}.`,
        risks: [],
        ...(fix === FIX ? { diff, basis: 'wn0l8YUytR8NDPu5Kh39ht' } : {}),
      }),
    });
    const harness = await startHarness({
      diagnose: async () => brokenReport(),
      remediatorFor: remediation.factory,
    });
    try {
      await sendSigned(
        harness.eventsUrl,
        slashCommandBody({ text: 'a1b2c3d4e5 --stage prod', channelId: 'C0TIGHT01' }),
      );
      const [update] = await harness.slackApi.waitFor('chat.update', 1);

      const blocks = JSON.stringify(update?.body.blocks);
      expect(blocks).not.toContain(`"action_id":"${FIX}"`);
      expect(blocks).toContain(
        'No *Allow endpoint in policy* button: its change and risks do not fit in Slack',
      );
      expect(blocks).toContain('"action_id":"enable-logging"');
    } finally {
      await harness.stop();
    }
  });
});
