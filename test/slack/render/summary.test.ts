import { describe, expect, it } from 'vitest';
import { ACTION_IDS, ALL_ACTION_IDS } from '../../../src/slack/action-ids.js';
import { decodeButtonValue, encodeButtonValue } from '../../../src/slack/button-value.js';
import { buttonValueFor } from '../../../src/slack/fix-offers.js';
import { confirmText, type FixOffer, renderSummary } from '../../../src/slack/render/summary.js';
import { diffReports } from '../../../src/slack/report-diff.js';
import { brokenReport, finding, healthyReport, report, request } from '../fixtures.js';
import { expectWithinSlackLimits } from './limits.js';

const DEFAULT_OFFERS: FixOffer[] = [
  {
    fix: 'redeploy-stage',
    plan: {
      fix: 'redeploy-stage',
      change: 'Creates a deployment of prod.',
      risks: ['Every pending change ships.'],
    },
  },
  { fix: 'enable-logging', plan: null },
];

function summaryOf(r = brokenReport(), offers: FixOffer[] = DEFAULT_OFFERS) {
  return renderSummary({
    report: r,
    requestedBy: 'U0ALLOWED1',
    runId: 'abc123',
    offers,
    buttonValue: encodeButtonValue(buttonValueFor(r, request())),
  });
}

function actionsBlocks(blocks: unknown[]) {
  return blocks.filter((block) => (block as { type: string }).type === 'actions') as Array<{
    elements: Array<{
      action_id: string;
      value: string;
      style?: string;
      confirm?: { text: { text: string } };
    }>;
  }>;
}

describe('renderSummary', () => {
  it('puts the verdict and the primary cause first', () => {
    const message = summaryOf();

    const verdict = (message.blocks[1] as { text: { text: string } }).text.text;
    expect(verdict).toContain('Broken');
    expect(verdict).toContain('POLICY_DENIES_VPCE');
    expect(message.text).toContain('POLICY_DENIES_VPCE');
  });

  it('has exactly one actions block whose ids all come from the action-ids module', () => {
    const message = summaryOf();

    const actions = actionsBlocks(message.blocks);
    expect(actions).toHaveLength(1);
    const ids = actions[0]?.elements.map((element) => element.action_id) ?? [];
    expect(ids).toEqual(['redeploy-stage', 'enable-logging', 'rerun']);
    for (const id of ids) expect(ALL_ACTION_IDS).toContain(id);
  });

  it('offers only Re-run when no finding calls for a fix', () => {
    const message = summaryOf(healthyReport(), []);

    const ids = actionsBlocks(message.blocks)[0]?.elements.map((element) => element.action_id);
    expect(ids).toEqual([ACTION_IDS.rerun]);
  });

  it('says in the confirm dialog what the plan changes and what it may break', () => {
    const message = summaryOf();

    const redeploy = actionsBlocks(message.blocks)[0]?.elements.find((e) => e.action_id === 'redeploy-stage');
    expect(redeploy?.style).toBe('danger');
    expect(redeploy?.confirm?.text.text).toContain('Creates a deployment of prod.');
    expect(redeploy?.confirm?.text.text).toContain('Every pending change ships.');
  });

  it('lists the public APIs the private-DNS fix would cut off, and how many did not fit', () => {
    const few = confirmText({
      fix: 'enable-private-dns',
      plan: {
        fix: 'enable-private-dns',
        change: 'Turns private DNS on for vpce-1.',
        risks: ['public: abc1234567 (shop)', 'edge: def1234567 (cdn)'],
      },
    });
    const many = confirmText({
      fix: 'enable-private-dns',
      plan: {
        fix: 'enable-private-dns',
        change: 'Turns private DNS on for vpce-1.',
        risks: Array.from({ length: 40 }, (_, i) => `public: api${String(i).padStart(7, '0')}`),
      },
    });

    expect(few).toContain('abc1234567 (shop)');
    expect(few).toContain('def1234567 (cdn)');
    expect(many.length).toBeLessThanOrEqual(300);
    expect(many).toMatch(/\(\+\d+ more\)$/);
  });

  it('carries identifiers only in the button value, and the value decodes', () => {
    const message = summaryOf();

    const value = actionsBlocks(message.blocks)[0]?.elements[0]?.value ?? '';
    const decoded = decodeButtonValue(value);
    expect(decoded.ok).toBe(true);
    expect(value).not.toMatch(/xox|secret|Deny|statement/i);
  });

  it('stays inside Slack limits with huge details and a plan listing hundreds of public APIs', () => {
    const huge = 'x'.repeat(50_000);
    const r = report(Array.from({ length: 30 }, () => finding('POLICY_DENIES_VPCE', { sample: huge }, huge)));
    const risks = Array.from(
      { length: 300 },
      (_, i) => `public API api${String(i).padStart(7, '0')} (orders-${i})`,
    );

    const message = summaryOf(r, [
      { fix: 'enable-private-dns', plan: { fix: 'enable-private-dns', change: huge, risks } },
      { fix: 'redeploy-stage', plan: null },
    ]);

    expectWithinSlackLimits(message);
  });

  it('shows what changed since the last run when given a diff', () => {
    const before = brokenReport();
    const after = report([finding('EXECUTION_LOGGING_DISABLED'), finding('VPCE_SINGLE_AZ')]);

    const message = renderSummary({
      report: after,
      requestedBy: 'U0ALLOWED1',
      runId: 'r2',
      offers: [],
      buttonValue: '{}',
      diff: diffReports(before, after),
    });

    const text = JSON.stringify(message.blocks);
    expect(text).toContain('What changed since the last run');
    expect(text).toMatch(/Fixed: .*POLICY_DENIES_VPCE/);
    expect(text).toMatch(/New: .*VPCE_SINGLE_AZ/);
    expect(text).toMatch(/Unchanged: .*EXECUTION_LOGGING_DISABLED/);
  });

  it('escapes <, > and & and mrkdwn in AWS text of the primary cause', () => {
    const r = report([finding('POLICY_DENIES_VPCE', {}, 'AWS said <!channel> & *bold* `x` ~y~')]);

    const message = summaryOf(r, []);

    const verdict = (message.blocks[1] as { text: { text: string } }).text.text;
    expect(verdict).toContain('&lt;!channel&gt; &amp;');
    expect(verdict).not.toContain('<!channel>');
    expect(verdict).not.toMatch(/\*bold\*|`x`|~y~/);
  });
});
