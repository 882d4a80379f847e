// The confirm dialogs' plans are read from AWS while a report is rendered, before it is posted: the report the
// channel gets counts those reads in `stats.awsCalls` (shown as "N AWS calls"), and the diagnosis's own report,
// which other responders may share, is left as it was.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/diagnosis/types.js';
import type { RemediatorFactory } from '../../src/remediation/service.js';
import type { Remediator } from '../../src/remediation/types.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { sendSigned, slashCommandBody } from '../support/slack-requests.js';
import { brokenReport } from './fixtures.js';
import { type Harness, startHarness } from './harness.js';

loopbackOnly();

describe('AWS calls of the fix plans', () => {
  let harness: Harness;
  const diagnosed: Report[] = [];
  /** A remediator whose plan makes two API Gateway reads and one EC2 read, as the counter is told. */
  const remediatorFor: RemediatorFactory = (_region, options) => {
    const remediator: Remediator = {
      async plan(fix) {
        options?.counter?.increment('apigateway');
        options?.counter?.increment('apigateway');
        options?.counter?.increment('ec2');
        return { fix, change: `Would run ${fix}.`, risks: [] };
      },
      async apply(fix) {
        return { outcome: 'already-done', fix, summary: 'nothing to do' };
      },
      async undo(fix) {
        return { outcome: 'already-done', fix, summary: 'nothing to undo' };
      },
    };
    return remediator;
  };

  beforeAll(async () => {
    harness = await startHarness({
      diagnose: async () => {
        const report = brokenReport();
        diagnosed.push(report);
        return report;
      },
      remediatorFor,
    });
  });
  afterAll(async () => harness.stop());

  it("adds the plans' reads to the posted report's AWS calls and leaves the diagnosis's report alone", async () => {
    // Prepare: the broken report calls for two fixes (enable-logging, allow-endpoint-in-policy) and made 16 calls
    // itself; each plan makes three.
    const total = (report: Report) => Object.values(report.stats.awsCalls).reduce((sum, n) => sum + n, 0);

    // Act
    const response = await sendSigned(
      harness.eventsUrl,
      slashCommandBody({ text: 'a1b2c3d4e5 --stage prod', channelId: 'C0PLANS01' }),
    );
    const [update] = await harness.slackApi.waitFor('chat.update', 1);

    // Assess
    expect(response.status).toBe(200);
    const [report] = diagnosed;
    expect(report && total(report)).toBe(16);
    expect(report?.stats.awsCalls.apigateway).toBe(4);
    expect(JSON.stringify(update?.body.blocks)).toContain('22 AWS calls');
  });
});
