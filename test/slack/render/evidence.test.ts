import { describe, expect, it } from 'vitest';
import {
  renderEvidence,
  renderEvidenceChanges,
  renderJsonReport,
} from '../../../src/slack/render/evidence.js';
import {
  firewallBlockFinding,
  forwardRuleFinding,
  otherVpcFinding,
  requestInLogsFinding,
} from '../../support/new-layer-findings.js';
import { brokenReport, finding, healthyReport, report } from '../fixtures.js';
import { expectWithinSlackLimits } from './limits.js';

const allText = (messages: { blocks: unknown[] }[]) => JSON.stringify(messages.map((m) => m.blocks));

describe('renderEvidence', () => {
  it('gives every check a block with its status emoji and the finding titles', () => {
    const messages = renderEvidence(brokenReport());

    const text = allText(messages);
    expect(messages).toHaveLength(1);
    expect(text).toContain(':x: *Check 3/12 · Resource policy*');
    expect(text).toContain(':white_check_mark: *Check 1/12 · REST API*');
    expect(text).toContain("The resource policy denies the caller's VPC endpoint");
  });

  it('shows multi-line evidence such as policy statements in a code block', () => {
    const text = allText(renderEvidence(brokenReport()));

    expect(text).toContain('```{');
    expect(text).toContain('DenyOutsideAllowedVpce');
  });

  it('splits huge evidence over several messages that each stay inside Slack limits', () => {
    const logLine = `${'2026-11-25T09:41:00Z User: anonymous is not authorized <script> & more '.repeat(40)}\n`;
    const findings = Array.from({ length: 60 }, (_, i) =>
      finding(i % 2 ? 'LOG_ANONYMOUS_NOT_AUTHORIZED' : 'POLICY_DENIES_VPCE', {
        sample: logLine.repeat(50),
        list: Array.from({ length: 500 }, (_, j) => `vpce-${j}`),
        nested: { deep: { deeper: 'x'.repeat(5000) } },
      }),
    );

    const messages = renderEvidence(report(findings));

    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expectWithinSlackLimits(message);
    expect(messages[0]?.text).toMatch(/part 1\//);
    expect(allText(messages)).not.toContain('<script>');
  });

  it('says why a check could not run instead of passing it', () => {
    const r = brokenReport();
    r.checks = r.checks.map((check) =>
      check.id === 'execution-logs'
        ? { ...check, status: 'error', reason: 'AccessDenied on logs:FilterLogEvents' }
        : check,
    );

    const text = allText(renderEvidence(r));

    expect(text).toContain(':exclamation: *Check 11/12 · Execution logs* — could not run');
    expect(text).toContain('AccessDenied on logs:FilterLogEvents');
  });
});

describe('renderEvidenceChanges', () => {
  it('shows only checks that did not pass or changed status, with what they were', () => {
    const previous = brokenReport();
    const now = report([finding('VPCE_SINGLE_AZ', { subnets: ['subnet-1'] })]);

    const text = allText(renderEvidenceChanges(now, previous));

    expect(text).toContain(':white_check_mark: *Check 3/12 · Resource policy* — passed (was failed)');
    expect(text).toContain('*Check 10/12 · Execution logging* — passed (was warning)');
    expect(text).toContain('VPCE_SINGLE_AZ');
    expect(text).not.toContain('REST API');
    expect(text).toContain('9 still pass');
  });

  it('says in one line that every check still passes when nothing changed', () => {
    const messages = renderEvidenceChanges(healthyReport(), healthyReport());

    expect(messages).toHaveLength(1);
    expect(allText(messages)).toContain('All 12 checks pass, as in the last run.');
    expect(allText(messages)).not.toContain('Check 1/12');
  });
});

describe('renderJsonReport', () => {
  it('splits the JSON report into code blocks inside Slack limits', () => {
    const r = report(
      Array.from({ length: 40 }, () => finding('POLICY_DENIES_VPCE', { sample: 'y'.repeat(3000) })),
    );

    const messages = renderJsonReport(r);

    for (const message of messages) expectWithinSlackLimits(message);
    expect(allText(messages)).toContain('schemaVersion');
  });
});

describe('renderEvidence: DNS Firewall', () => {
  it('shows the rule group, the rule, its priority and the domain that matched, within Slack limits', () => {
    // Act
    const messages = renderEvidence(report([firewallBlockFinding()]));

    // Assess
    const text = allText(messages);
    expect(text).toContain('DNS Firewall');
    expect(text).toContain('rslvr-frg-0123456789abcdef');
    expect(text).toContain('block-everything-else');
    expect(text).toContain('rslvr-fdl-0all');
    for (const message of messages) expectWithinSlackLimits(message);
  });
});

describe('renderEvidence: DNS layer, other-VPC caller and the probe request in the logs', () => {
  it('shows the rule, the remote endpoint and the quoted log line with their ids', () => {
    // Prepare
    const findings = [forwardRuleFinding(), otherVpcFinding(), requestInLogsFinding()];

    // Act
    const messages = renderEvidence(report(findings));

    // Assess
    const text = allText(messages);
    expect(text).toContain('DNS rules and zones');
    expect(text).toContain('rslvr-rr-0123456789abcdef0');
    expect(text).toContain('10.9.0.3');
    expect(text).toContain('vpce-0hub');
    expect(text).toContain("Probe's request in logs");
    expect(text).toContain('User: anonymous is not authorized');
    for (const message of messages) expectWithinSlackLimits(message);
  });
});
