// A fix on a resource that infrastructure as code manages, through Bolt's real receiver: the confirm dialog of the
// button names the stack, the drift and the template change; a click applies it anyway (an incident comes first)
// and the audit line in the thread records that the drift was accepted.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRemediatorWithPorts } from '../../src/remediation/remediator.js';
import { fakePorts, healthyAws, STACK_TAGS, stage } from '../remediation/fake-aws.js';
import { loopbackOnly } from '../support/loopback-only.js';
import {
  blockActionsBody,
  buttonValue,
  offeredValue,
  sendSigned,
  slashCommandBody,
} from '../support/slack-requests.js';
import { brokenReport, healthyReport } from './fixtures.js';
import { type Harness, keepReport, startHarness } from './harness.js';

const VALUE = buttonValue();

interface Button {
  action_id: string;
  confirm?: { text: { text: string } };
}

loopbackOnly();

describe('fixes on a stack-managed stage', () => {
  let harness: Harness;
  const ports = fakePorts(healthyAws({ stages: { prod: stage({ tags: STACK_TAGS }) } }));

  beforeAll(async () => {
    let reports = 0;
    harness = await startHarness({
      // The first diagnosis offers Enable execution logging; the re-run after the fix finds nothing.
      diagnose: async () => (reports++ === 0 ? brokenReport() : healthyReport()),
      remediatorFor: () => createRemediatorWithPorts(ports),
    });
  });
  afterAll(async () => harness.stop());
  afterEach(() => harness.slackApi.reset());

  it('the confirm dialog names the stack, the drift and the MethodSettings change, within 300 characters', async () => {
    // Act
    const response = await sendSigned(
      harness.eventsUrl,
      slashCommandBody({ text: 'a1b2c3d4e5 --stage prod', channelId: 'C0IAC0001' }),
    );
    const [update] = await harness.slackApi.waitFor('chat.update', 1);

    // Assess
    expect(response.status).toBe(200);
    const blocks = (update?.body.blocks ?? []) as Array<{ elements?: Button[] }>;
    const button = blocks
      .flatMap((block) => block.elements ?? [])
      .find((e) => e.action_id === 'enable-logging');
    const confirm = button?.confirm?.text.text ?? '';
    expect(confirm).toContain('orders-api');
    expect(confirm).toMatch(/Drifts from stack orders-api|stack update reverts it/);
    expect(confirm).toMatch(/MethodSettings.*LoggingLevel.*INFO.*MetricsEnabled/s);
    expect(confirm.length).toBeLessThanOrEqual(300);
  });

  it('a click applies the change and the audit line records the accepted drift and the template change', async () => {
    // Prepare
    await keepReport(harness.store, '1700000000.000101', 'C0IAC0001');

    // Act
    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({
        actionId: 'enable-logging',
        channelId: 'C0IAC0001',
        value: offeredValue(VALUE, 'enable-logging', '1700000000.000101', 'C0IAC0001'),
        messageTs: '1700000000.000101',
      }),
    );
    // The re-run after the fix updates the message once the audit line is posted.
    await harness.slackApi.waitFor('chat.update', 1);
    const audit = harness.slackApi
      .callsTo('chat.postMessage')
      .find((call) => String(call.body.text).startsWith('Enable execution logging by U0ALLOWED1'));

    // Assess
    expect(ports.log.calls).toEqual(['UpdateStage a1b2c3d4e5 prod']);
    const text = JSON.stringify(audit?.body.blocks);
    expect(text).toContain('Drift accepted');
    expect(text).toContain('CloudFormation stack orders-api');
    expect(text).toContain('MethodSettings');
    expect(text).toContain('apigateway.MethodLoggingLevel.INFO');
  });
});
