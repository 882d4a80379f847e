import { describe, expect, it } from 'vitest';
import { loggingConfigCheck } from '../../../src/diagnosis/checks/logging-config.js';
import type { CheckResult, Finding } from '../../../src/diagnosis/types.js';
import type { PublicApi } from '../../../src/remediation/risks.js';
import { ALL_ACTION_IDS, RERUN_ACTION_ID } from '../../../src/slack/action-ids.js';
import { decodeButtonValue, encodeButtonValue } from '../../../src/slack/button-value.js';
import { buttonValueFor } from '../../../src/slack/fix-offers.js';
import { confirmText, type FixOffer, renderSummary } from '../../../src/slack/render/summary.js';
import { diffReports } from '../../../src/slack/report-diff.js';
import { buildFacts, stage } from '../../diagnosis/checks/facts-builder.js';
import { brokenReport, finding, healthyReport, report, request } from '../fixtures.js';
import { expectWithinSlackLimits } from './limits.js';

const DEFAULT_OFFERS: FixOffer[] = [
  {
    fix: 'redeploy-stage',
    plan: {
      fix: 'redeploy-stage',
      change: 'Creates a deployment of prod.',
      risks: [{ kind: 'note', text: 'Every pending change ships.', short: 'Changes ship.' }],
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
    expect(ids).toEqual([RERUN_ACTION_ID]);
  });

  it('says in the confirm dialog what the plan changes and what it may break', () => {
    const message = summaryOf();

    const redeploy = actionsBlocks(message.blocks)[0]?.elements.find((e) => e.action_id === 'redeploy-stage');
    expect(redeploy?.style).toBe('danger');
    expect(redeploy?.confirm?.text.text).toContain('Creates a deployment of prod.');
    expect(redeploy?.confirm?.text.text).toContain('Every pending change ships.');
  });

  it('lists the public APIs the private-DNS fix would cut off', () => {
    const few = confirmText({
      fix: 'enable-private-dns',
      plan: {
        fix: 'enable-private-dns',
        change: 'Turns private DNS on for vpce-1.',
        risks: [
          {
            kind: 'breaks-public-apis',
            region: 'us-east-1',
            apis: [
              { name: 'shop', id: 'abc1234567', kind: 'REST' },
              { name: 'cdn', id: 'def1234567', kind: 'HTTP' },
            ],
            checked: ['REST', 'HTTP', 'WEBSOCKET'],
          },
        ],
      },
    });

    expect(few).toContain('shop (REST API abc1234567)');
    expect(few).toContain('cdn (HTTP API def1234567)');
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
    const apis: PublicApi[] = Array.from({ length: 300 }, (_, i) => ({
      name: `orders-${i}`,
      id: `api${String(i).padStart(7, '0')}`,
      kind: 'REST',
    }));
    const risks = [
      { kind: 'breaks-public-apis' as const, region: 'us-east-1', apis, checked: ['REST' as const] },
      ...apis.map((api) => ({
        kind: 'note' as const,
        text: `public API ${api.id} (${api.name})`,
        short: api.id,
      })),
    ];

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
    // Formatting characters stay as they are, inside code spans, where Slack formats nothing.
    expect(verdict).toContain('`*bold*` `x` `~y~`');
  });

  it('quotes the fix field whole, and leaves a cause too long for the message to the thread', () => {
    const longCause = `The resource policy's statement #2 explicitly denies execute-api:Invoke on ${'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/ '.repeat(5)}for requests through vpce-1.`;
    const fix = "Add vpce-1 (or vpc-1) to that statement's aws:SourceVpce values, then redeploy the stage.";
    const r = report([finding('POLICY_NOT_DEPLOYED', {}, longCause, fix)]);

    const verdict = (summaryOf(r).blocks[1] as { text: { text: string } }).text.text;

    expect(verdict).toContain(`*Fix:* ${fix}`);
    expect(verdict).toContain('Button: *Redeploy stage* below');
    expect(verdict).not.toContain('…');
    expect(verdict).not.toContain('explicitly denies');
  });

  it.each<[string, string | undefined, string]>([
    ['the short fix when the fix is too long', 'Redeploy stage prod.', '*Fix:* Redeploy stage prod.'],
    [
      '"in the thread" when there is no short fix',
      undefined,
      '*Fix:* the steps are too long for this message: they are in the evidence in the thread.',
    ],
  ])('quotes %s, never a cut fix', (_name, shortFix, line) => {
    const longFix = `Redeploy the stage: ${'`aws apigateway create-deployment --rest-api-id a1b2c3d4e5` '.repeat(20)}`;
    const lead = { ...finding('POLICY_NOT_DEPLOYED', {}, 'The policy changed.', longFix), shortFix };
    const verdict = (summaryOf(report([lead])).blocks[1] as { text: { text: string } }).text.text;

    expect(verdict).toContain(line);
    expect(verdict).not.toContain('create-deployment');
    expect(verdict).not.toContain('…');
  });

  it('quotes the real fix of a check whose instruction no verb list knew (Enable logging, probe redeploy)', () => {
    const logging = loggingConfigCheck.run(buildFacts({ stage: stage({ loggingLevel: 'OFF' }) }))
      .findings[0] as Finding;

    const verdict = (
      summaryOf(report([logging]), [{ fix: 'enable-logging', plan: null }]).blocks[1] as {
        text: { text: string };
      }
    ).text.text;

    expect(verdict).toContain('Execution logging is OFF on stage `prod`.');
    expect(verdict).toContain(
      '*Fix:* Set the log level to INFO, with metrics on, for every method of the stage; no redeploy is needed.',
    );
    expect(verdict).toContain(':point_right: Button: *Enable execution logging* below');
    expect(verdict).not.toContain('CloudWatch Logs charges apply');
  });

  it('quotes a short cause sentence and points at the button when the detail has no instruction', () => {
    const r = report([
      finding(
        'EXECUTION_LOGGING_DISABLED',
        {},
        'Execution logging is OFF on stage prod. The Enable logging fix sets the log level to INFO.',
      ),
    ]);

    const verdict = (
      summaryOf(r, [{ fix: 'enable-logging', plan: null }]).blocks[1] as { text: { text: string } }
    ).text.text;

    expect(verdict).toContain('Execution logging is OFF on stage prod.');
    expect(verdict).toContain('*Fix:* press *Enable execution logging* below');
  });

  it('calls a healthy report with skipped checks "no check failed; N skipped", not "every check passed"', () => {
    const healthy = healthyReport();
    const skipped = healthy.checks.map(
      (check, i): CheckResult =>
        i < 4 ? { ...check, status: 'skipped', reason: 'no invoke URL was given' } : check,
    );

    const partly = summaryOf({ ...healthy, checks: skipped });
    const fully = summaryOf(healthy);

    const verdictOf = (m: ReturnType<typeof summaryOf>) =>
      (m.blocks[1] as { text: { text: string } }).text.text;
    expect(verdictOf(partly)).toBe(':large_green_circle: *Healthy* — no check failed; 4 skipped.');
    expect(verdictOf(fully)).toBe(':large_green_circle: *Healthy* — every check passed.');
  });

  it('after a fix whose effect shows on the next call, says so first and does not lead with what it cannot know', () => {
    const waiting = report([finding('NO_REQUESTS_REACHED_API', {}, 'No request reached the API.')]);

    const message = renderSummary({
      report: waiting,
      requestedBy: 'U0ALLOWED1',
      runId: 'r9',
      offers: [],
      buttonValue: encodeButtonValue(buttonValueFor(waiting, request())),
      pending: {
        note: 'Logging is on now: call the API once, then Re-run.',
        findings: ['NO_REQUESTS_REACHED_API'],
      },
    });

    const verdict = (message.blocks[1] as { text: { text: string } }).text.text;
    expect(verdict.split('\n')[0]).toBe(
      ':hourglass_flowing_sand: *Logging is on now: call the API once, then Re-run.*',
    );
    expect(verdict).not.toContain('No request reached the API');
    expect(message.text.startsWith('Logging is on now')).toBe(true);
  });

  it('lists failing checks one per line and the passing ones together on one line', () => {
    const text = JSON.stringify(summaryOf().blocks);

    expect(text).toContain(":x: *Resource policy* — The resource policy denies the caller's VPC endpoint");
    expect(text).toContain(':white_check_mark: *10 passed:* REST API, Stage,');
    expect(text).not.toContain('REST API* — passed');
  });

  it('stays inside Slack limits with the largest verdict, checks, diff and confirm texts at once', () => {
    const huge = `${'y'.repeat(400)}. `.repeat(100);
    const many = Array.from({ length: 40 }, (_, i) =>
      finding(i % 2 ? 'POLICY_DENIES_VPCE' : 'EXECUTION_LOGGING_DISABLED', { sample: huge }, huge),
    );
    const before = report(many.slice(0, 20));
    const after = report(many.slice(20));
    const longPlan = (fix: FixOffer['fix']): FixOffer => ({
      fix,
      plan: {
        fix,
        change: huge,
        risks: Array.from({ length: 200 }, () => ({ kind: 'note' as const, text: huge, short: huge })),
      },
    });

    const message = renderSummary({
      report: after,
      requestedBy: 'U0ALLOWED1',
      runId: 'r3',
      offers: [longPlan('enable-logging'), longPlan('enable-private-dns'), longPlan('redeploy-stage')],
      buttonValue: encodeButtonValue(buttonValueFor(after, request({ callerSecurityGroupIds: ['sg-1'] }))),
      diff: diffReports(before, after),
    });

    expectWithinSlackLimits(message);
  });

  it.each<[string, CheckResult, string]>([
    [
      'history unavailable',
      {
        id: 'deployment',
        status: 'skipped',
        durationMs: 1,
        reason:
          'CloudTrail history unavailable: whether the saved resource policy is the deployed one was not checked (x)',
      },
      '*Changes deployed* — skipped: CloudTrail history unavailable',
    ],
    [
      'a check that could not run',
      {
        id: 'execution-logs',
        status: 'error',
        durationMs: 1,
        reason: 'Execution logs could not be read (FilterLogEvents: timed out); logs are supplementary',
      },
      '*Execution logs* — could not run: Execution logs could not be read (FilterLogEvents: timed out)\n',
    ],
    ['no reason', { id: 'probe', status: 'skipped', durationMs: 1 }, '*In-VPC probe* — skipped\n'],
  ])('names why a check did not run next to it in the channel message (%s)', (_name, check, line) => {
    const r = report([]);
    const message = summaryOf({ ...r, checks: [...r.checks, check] }, []);

    expect(`${JSON.stringify(message.blocks).replace(/\\n/g, '\n')}\n`).toContain(line);
  });
});
